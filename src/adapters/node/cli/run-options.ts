import { parseArgs } from 'node:util';
import { isScenarioName, SCENARIO_NAMES } from '../../../sandbox/scenarios.js';
import { UsageError } from './usage-error.js';

/** What `kyc-flow run` was asked to do, checked. */
export interface RunOptions {
  /** Path of the customer profile; the bundled sample when absent. */
  readonly profile?: string;
  /** Sandbox scenario, forced through the `+<scenario>` tag on the customer. */
  readonly scenario?: string;
  /** An external gateway; the embedded sandbox when absent. */
  readonly gateway?: GatewaySettings;
  readonly stateFile?: string;
  readonly json: boolean;
  readonly inspect: boolean;
  readonly inspectPort: number;
  /** Divides sandbox timings and the polling policy alike. */
  readonly speed: number;
  /** Decide a manual review through the sandbox admin once the flow waits for it. */
  readonly decide?: 'APPROVED' | 'REJECTED';
  /** How long the flow may stay `suspended` before the run gives up (real time). */
  readonly maxSuspendedMs: number;
  readonly seed?: number;
  readonly help: boolean;
}

export interface GatewaySettings {
  readonly gatewayUrl: string;
  readonly storageUrl?: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly domainId: string;
}

/** The embedded sandbox runs this many times faster than real time unless told otherwise. */
export const EMBEDDED_SANDBOX_SPEED = 30;
const DEFAULT_INSPECT_PORT = 8080;
const DEFAULT_MAX_SUSPENDED_SECONDS = 120;

export const runUsage = `usage: kyc-flow run [options]

Runs one onboarding headless, answering every node from a customer profile.
Without --gateway it runs against the embedded sandbox, in this process.

options:
  --profile <file>        customer profile (JSON); default: the bundled jane-doe sample
  --scenario <name>       sandbox scenario for this customer: full, minimal, manual-review,
                          rejected, failed, timeout, cancelled, ocr-failure
  --gateway <url>         gateway URL                                    [env KYC_GATEWAY_URL]
  --storage <url>         storage service URL; default: next to the gateway [env KYC_STORAGE_URL]
  --api-key <key>         API key (ak_…)                                 [env KYC_API_KEY]
  --api-secret <secret>   API secret (sk_…)                              [env KYC_API_SECRET]
  --domain <id>           domain id                                      [env KYC_DOMAIN_ID]
  --state-file <file>     keep the flow in this file and resume from it if it exists
  --json                  print events as NDJSON on stdout, one per line
  --inspect               show the run live in the Stately inspector (local relay)
  --inspect-port <port>   port of the inspector relay; default ${DEFAULT_INSPECT_PORT}
  --speed <factor>        run sandbox timings and polling this many times faster;
                          default ${EMBEDDED_SANDBOX_SPEED} on the embedded sandbox, 1 with --gateway
  --decide <decision>     embedded sandbox only: decide a manual review, APPROVED or REJECTED
  --max-suspended <s>     give up when the flow stays suspended this long; default ${DEFAULT_MAX_SUSPENDED_SECONDS}
  --seed <n>              embedded sandbox only: deterministic timings and ids
  -h, --help              show this help

exit codes:
  0 approved, 10 rejected, 11 failed, 12 timed out, 13 cancelled, 14 pending review,
  15 suspended, 130 interrupted (the --state-file keeps the flow), 2 usage error (bad options
  or profile), 1 internal error`;

const DECISIONS = ['APPROVED', 'REJECTED'] as const;
type Env = Readonly<Record<string, string | undefined>>;

/** Reads `kyc-flow run`'s arguments and environment; throws `UsageError` on anything wrong. */
export function parseRunOptions(args: readonly string[], env: Env = process.env): RunOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const gateway = gatewaySettings(values, env);
  const embedded = gateway === undefined;
  if (!embedded && values.decide !== undefined) {
    throw new UsageError('--decide works only with the embedded sandbox (no --gateway)');
  }
  if (!embedded && values.seed !== undefined) {
    throw new UsageError('--seed works only with the embedded sandbox (no --gateway)');
  }
  const decide = values.decide?.toUpperCase();
  if (decide !== undefined && !isDecision(decide)) {
    throw new UsageError(`--decide must be APPROVED or REJECTED`);
  }
  if (values.scenario !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(values.scenario)) {
    throw new UsageError('--scenario must be a scenario name such as full or manual-review');
  }
  // An external sandbox may know scenarios of its own; the embedded one knows these.
  if (embedded && values.scenario !== undefined && !isScenarioName(values.scenario)) {
    throw new UsageError(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}`);
  }
  return {
    profile: values.profile,
    scenario: values.scenario,
    gateway,
    stateFile: values['state-file'],
    json: values.json ?? false,
    inspect: values.inspect ?? false,
    inspectPort: integer(values['inspect-port'], '--inspect-port', DEFAULT_INSPECT_PORT, 1, 65_535),
    speed: positive(values.speed, '--speed', embedded ? EMBEDDED_SANDBOX_SPEED : 1),
    decide,
    maxSuspendedMs:
      positive(values['max-suspended'], '--max-suspended', DEFAULT_MAX_SUSPENDED_SECONDS) * 1000,
    seed:
      values.seed === undefined
        ? undefined
        : integer(values.seed, '--seed', 0, 0, Number.MAX_SAFE_INTEGER),
    help: values.help ?? false,
  };
}

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      profile: { type: 'string' },
      scenario: { type: 'string' },
      gateway: { type: 'string' },
      storage: { type: 'string' },
      'api-key': { type: 'string' },
      'api-secret': { type: 'string' },
      domain: { type: 'string' },
      'state-file': { type: 'string' },
      json: { type: 'boolean' },
      inspect: { type: 'boolean' },
      'inspect-port': { type: 'string' },
      speed: { type: 'string' },
      decide: { type: 'string' },
      'max-suspended': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

function gatewaySettings(
  values: ReturnType<typeof parse>['values'],
  env: Env,
): GatewaySettings | undefined {
  const gatewayUrl = values.gateway ?? nonEmpty(env.KYC_GATEWAY_URL);
  const apiKey = values['api-key'] ?? nonEmpty(env.KYC_API_KEY);
  const apiSecret = values['api-secret'] ?? nonEmpty(env.KYC_API_SECRET);
  const domainId = values.domain ?? nonEmpty(env.KYC_DOMAIN_ID);
  const storageUrl = values.storage ?? nonEmpty(env.KYC_STORAGE_URL);
  if (gatewayUrl === undefined) {
    if (values['api-key'] ?? values['api-secret'] ?? values.domain ?? values.storage) {
      throw new UsageError('--api-key, --api-secret, --domain and --storage need --gateway');
    }
    return undefined;
  }
  const missing = [
    apiKey === undefined && '--api-key (or KYC_API_KEY)',
    apiSecret === undefined && '--api-secret (or KYC_API_SECRET)',
    domainId === undefined && '--domain (or KYC_DOMAIN_ID)',
  ].filter((name): name is string => typeof name === 'string');
  if (apiKey === undefined || apiSecret === undefined || domainId === undefined) {
    throw new UsageError(`--gateway needs ${missing.join(', ')}`);
  }
  if (!URL.canParse(gatewayUrl) || !/^https?:$/.test(new URL(gatewayUrl).protocol)) {
    throw new UsageError('--gateway must be an http(s) URL');
  }
  if (storageUrl !== undefined && !URL.canParse(storageUrl)) {
    throw new UsageError('--storage must be a URL');
  }
  return { gatewayUrl, apiKey, apiSecret, domainId, storageUrl };
}

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value);

const isDecision = (value: string): value is (typeof DECISIONS)[number] =>
  (DECISIONS as readonly string[]).includes(value);

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${name} must be a positive number`);
  }
  return number;
}

function integer(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return number;
}
