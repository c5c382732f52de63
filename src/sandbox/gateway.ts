import { createSandboxApp } from './app.js';
import { createDialect } from './dialect.js';
import { createEngine } from './engine.js';
import type { ResolvedScenario } from './execution.js';
import { createFaultPlanner } from './faults.js';
import { sandboxMemoryIssue } from './memory.js';
import { createRandom, randomSeed } from './random.js';
import { createReplayPlayer } from './replay.js';
import { parseScenarios } from './scenario-schema.js';
import { BUILT_IN_SCENARIOS, isScenarioName, resolveScenario } from './scenarios.js';
import { createTiming } from './timing.js';
import type {
  ReviewDecision,
  SandboxCredentials,
  SandboxGateway,
  SandboxMethodName,
  SandboxOptions,
  Scenario,
} from './types.js';

export const DEFAULT_CREDENTIALS: SandboxCredentials = {
  apiKey: 'ak_sandbox',
  apiSecret: 'sk_sandbox',
  domainId: 'dom_sandbox',
};

/** An admin call the engine refused (unknown execution, nothing to decide, already ended). */
export class SandboxAdminError extends Error {
  override readonly name = 'SandboxAdminError';
  constructor(
    readonly apiCode: number,
    readonly apiMsg: string,
  ) {
    super(apiMsg);
  }
}

const positive = (name: string, value: number): number => {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return value;
};

function scenarioTable(options: SandboxOptions): {
  scenarios: Map<string, ResolvedScenario>;
  scenario: string;
} {
  const custom: Scenario[] = parseScenarios(options.scenarios ?? [], 'options.scenarios');
  const chosen = options.scenario ?? 'full';
  const builtIn =
    typeof chosen !== 'string' &&
    isScenarioName(chosen.name) &&
    BUILT_IN_SCENARIOS[chosen.name] === chosen;
  if (typeof chosen !== 'string' && !builtIn) {
    const [own] = parseScenarios(chosen, 'options.scenario');
    if (own) custom.push(own);
  }
  const scenarios = new Map<string, ResolvedScenario>();
  for (const scenario of [...Object.values(BUILT_IN_SCENARIOS), ...custom]) {
    scenarios.set(scenario.name, resolveScenario(scenario));
  }
  const name = typeof chosen === 'string' ? chosen : chosen.name;
  if (!scenarios.has(name)) {
    throw new RangeError(`unknown scenario "${name}" (known: ${[...scenarios.keys()].join(', ')})`);
  }
  return { scenarios, scenario: name };
}

/**
 * The sandbox without a server: engine, fault planner and the fetch-standard Hono app.
 * Nothing here needs Node, so the same gateway can answer in a Service Worker.
 */
export function createSandboxGateway(options: SandboxOptions = {}): SandboxGateway {
  const speed = positive('speed', options.speed ?? 1);
  const seed = options.seed ?? randomSeed();
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const otpMaxAttempts = options.otpMaxAttempts ?? 3;
  if (!Number.isInteger(otpMaxAttempts) || otpMaxAttempts < 1) {
    throw new RangeError(`otpMaxAttempts must be a positive integer, got ${otpMaxAttempts}`);
  }
  const otpCode = options.otpCode ?? '123456';
  if (!/^\d{4,8}$/.test(otpCode)) throw new RangeError('otpCode must be 4 to 8 digits');
  const rate = options.faults?.rate ?? 0;
  if (!(rate >= 0 && rate <= 1))
    throw new RangeError(`faults.rate must be within 0..1, got ${rate}`);

  const memoryIssue = options.memory && sandboxMemoryIssue(options.memory);
  if (memoryIssue) throw new RangeError(`memory: not what a sandbox remembers (${memoryIssue})`);
  const engine = createEngine({
    settings: {
      timing: createTiming(speed),
      otpCode,
      otpMaxAttempts,
      otpCooldownMs: (options.otpCooldownMs ?? 30_000) / speed,
      ...scenarioTable(options),
    },
    random: createRandom(seed),
    now: options.now ?? Date.now,
    ...(options.memory && { memory: options.memory }),
  });
  const faults = createFaultPlanner(options.faults, seed ^ 0x5bd1e995);
  const replay = options.replay && createReplayPlayer(options.replay, speed);
  const dialect = createDialect(engine, options.dialect);
  const app = createSandboxApp({
    engine,
    dialect,
    faults,
    credentials,
    slowMs: (options.faults?.slowMs ?? 3_000) / speed,
    retryAfterSeconds: options.faults?.retryAfterSeconds ?? 1,
    random: createRandom(seed ^ 0x27d4eb2f),
    ...(replay && { replay }),
  });

  const admin = (method: SandboxMethodName, body: object): void => {
    const answer = engine.call(method, body);
    if (!answer.ok) throw new SandboxAdminError(answer.apiCode, answer.apiMsg);
  };

  return {
    credentials,
    app,
    remember: engine.remember,
    stats: replay ? () => ({ ...engine.stats(), replay: replay.summary() }) : engine.stats,
    injectFaults: (plan) => faults.inject(plan),
    clearFaults: () => faults.clear(),
    setDialect: (next) => dialect.set(next),
    admin: {
      decideReview: (executionId: string, decision: ReviewDecision) =>
        admin('sandbox.review.decide', { executionId, decision }),
      cancel: (executionId: string) => admin('sandbox.execution.cancel', { executionId }),
      expire: (executionId: string) => admin('sandbox.execution.expire', { executionId }),
    },
  };
}
