import * as z from 'zod/mini';
import { type MethodName, methods } from '../services/wire/methods.js';
import { type AdminMethodName, adminMethods } from './admin-methods.js';
import { type Answer, ok, refuse } from './answer.js';
import { type Counters, createCounters } from './counters.js';
import { describeIssues } from './describe-issues.js';
import { createStore, type EngineContext, type EngineSettings } from './engine-context.js';
import { advance, type Execution, statusOf } from './execution.js';
import { cancelExecution, decideReview, expireExecution } from './handlers/admin.js';
import { getOcrResult, submitIdentityDocument } from './handlers/identity-document.js';
import { sendOtp, verifyOtp } from './handlers/otp.js';
import { submitLiveness, submitParticulars } from './handlers/person.js';
import { register } from './handlers/register.js';
import { addRequiredDocument, submitRequiredDocuments } from './handlers/required-documents.js';
import { submitRequiredForm } from './handlers/required-forms.js';
import { start } from './handlers/start.js';
import { status } from './handlers/status.js';
import { rememberStore, restoreStore, type SandboxMemory } from './memory.js';
import type { Random } from './random.js';
import { readExecution } from './submission.js';
import type { SandboxExecutionSummary, SandboxMethodName, SandboxStats } from './types.js';

type Input<M extends SandboxMethodName> = z.output<
  M extends MethodName
    ? (typeof methods)[M]['request']
    : M extends AdminMethodName
      ? (typeof adminMethods)[M]['request']
      : never
>;
type Handler<M extends SandboxMethodName> = (ctx: EngineContext, input: Input<M>) => Answer;

/**
 * The in-memory workflow engine: every gateway method (and the sandbox's own), as a
 * function of a validated body. No HTTP, no timers: executions are advanced from
 * timestamps whenever they are read.
 */
export interface Engine {
  /** Validates `body` (as it travels: JSON string fields as strings) and runs the method. */
  call(method: string, body: unknown): Answer;
  stats(): SandboxStats;
  /** The execution as it stands now, for a layer that answers about it (a dialect). */
  execution(executionId: string): Execution | undefined;
  /** What it remembers, as JSON, for a later engine to carry on from. */
  remember(): SandboxMemory;
  readonly counters: Counters;
}

export interface EngineOptions {
  readonly settings: EngineSettings;
  readonly random: Random;
  readonly now: () => number;
  /** What an earlier sandbox remembered: its customers and executions carry on here. */
  readonly memory?: SandboxMemory;
}

/** Every execution as it stands now, advanced and kept as it is read. */
function summaries(ctx: EngineContext): SandboxExecutionSummary[] {
  const now = ctx.now();
  const executions: SandboxExecutionSummary[] = [];
  for (const [executionId, stored] of ctx.store.executions) {
    const execution = advance(stored, now);
    if (execution !== stored) ctx.store.executions.set(executionId, execution);
    executions.push({
      executionId,
      customerId: execution.customerId,
      scenario: execution.scenario.name,
      status: statusOf(execution),
      ...(execution.node ? { nodeType: execution.node.nodeType } : {}),
      ...(execution.phase.kind === 'waiting' ? { waitingSince: execution.phase.since } : {}),
    });
  }
  return executions;
}

function statsOf(ctx: EngineContext): SandboxStats {
  const { counters } = ctx;
  return {
    calls: Object.fromEntries(counters.calls),
    registrations: counters.registrations,
    starts: counters.starts,
    effects: Object.fromEntries(counters.effects),
    statusReads: Object.fromEntries(
      [...counters.statusReads].map(([executionId, reads]) => [executionId, [...reads]]),
    ),
    repeatsAnswered: counters.repeatsAnswered,
    faultsInjected: counters.faultsInjected,
    executions: summaries(ctx),
  };
}

const HANDLERS: { [M in SandboxMethodName]: Handler<M> } = {
  'workflow.applicant.register': register,
  'workflow.apply.submit': start,
  'workflow.execution.status': status,
  'workflow.kyc.ocr': submitIdentityDocument,
  'workflow.kyc.ocr.data': getOcrResult,
  'workflow.kyc.particular.data': submitParticulars,
  'workflow.kyc.liveness.data': submitLiveness,
  'workflow.kyc.otp.send': sendOtp,
  'workflow.kyc.otp.verify': verifyOtp,
  'workflow.kyc.required.doc': addRequiredDocument,
  'workflow.kyc.required.doc.submit': submitRequiredDocuments,
  'workflow.kyc.required.form': submitRequiredForm,
  'sandbox.review.decide': decideReview,
  'sandbox.execution.cancel': cancelExecution,
  'sandbox.execution.expire': expireExecution,
  'sandbox.stats': (ctx) => ok(statsOf(ctx)),
};

const SCHEMAS = new Map<string, z.core.$ZodType>(
  [...Object.entries(methods), ...Object.entries(adminMethods)].map(([name, m]) => [
    name,
    m.request,
  ]),
);

const isMethod = (name: string): name is SandboxMethodName => Object.hasOwn(HANDLERS, name);

function callMethod(ctx: EngineContext, method: string, body: unknown): Answer {
  if (!isMethod(method)) return refuse('API_NOT_FOUND', `api: unknown method ${method}`);
  const schema = SCHEMAS.get(method);
  if (!schema) return refuse('API_NOT_FOUND', `api: unknown method ${method}`);
  const parsed = z.safeDecode(schema, body);
  if (!parsed.success) {
    return refuse('API_INVALID_REQUEST', describeIssues(parsed.error.issues, body));
  }
  // The map pairs each name with its own handler; TS cannot correlate the two lookups.
  const handler = HANDLERS[method] as Handler<SandboxMethodName>;
  return handler(ctx, parsed.data as Input<SandboxMethodName>);
}

export function createEngine(options: EngineOptions): Engine {
  const counters = createCounters();
  const { memory, ...rest } = options;
  const store = memory ? restoreStore(memory, options.settings.timing) : createStore();
  const ctx: EngineContext = { ...rest, store, counters };
  return {
    call: (method, body) => callMethod(ctx, method, body),
    stats: () => statsOf(ctx),
    counters,
    execution: (executionId) => readExecution(ctx, executionId),
    remember: () => rememberStore(ctx.store),
  };
}
