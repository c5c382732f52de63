import { parseArgs } from 'node:util';
import { isScenarioName, SCENARIO_NAMES } from '../../../sandbox/scenarios.js';
import {
  GATEWAY_FLAG_OPTIONS,
  type GatewaySettings,
  gatewaySettings,
  isLoopback,
} from './gateway-options.js';
import { UsageError } from './usage-error.js';

export type { GatewaySettings };

/** What `kyc-flow run` was asked to do, checked. */
export interface RunOptions {
  /** Path of the customer profile; the bundled sample when absent. */
  readonly profile?: string;
  /** Embedded sandbox only: the scenario, forced through the `+<scenario>` tag on the customer. */
  readonly scenario?: string;
  /** Embedded sandbox only: custom scenarios (JSON) or a recording to replay (NDJSON). */
  readonly scenarioFile?: string;
  /** An external gateway; the embedded sandbox when absent. */
  readonly gateway?: GatewaySettings;
  readonly stateFile?: string;
  /** Keep the state file once the flow has reached a final outcome (deleted by default). */
  readonly keepState: boolean;
  /** Write every gateway exchange, redacted, to this NDJSON file. */
  readonly record?: string;
  readonly json: boolean;
  readonly inspect: boolean;
  readonly inspectPort: number;
  /** With `inspect`: start the flow once a viewer connects, keep the pages up until Ctrl-C. */
  readonly inspectWait: boolean;
  /** Divides sandbox timings and the polling policy alike (embedded sandbox only). */
  readonly speed: number;
  /** Decide a manual review through the sandbox admin once the flow waits for it. */
  readonly decide?: 'APPROVED' | 'REJECTED';
  /** How long the flow may stay `suspended` before the run gives up (real time). */
  readonly maxSuspendedMs: number;
  readonly seed?: number;
  readonly help: boolean;
  /** Said on stderr before the run starts (an unsafe way of passing the secret, ...). */
  readonly warnings: readonly string[];
}

/** The embedded sandbox runs this many times faster than real time unless told otherwise. */
export const EMBEDDED_SANDBOX_SPEED = 30;
const DEFAULT_INSPECT_PORT = 8080;
const DEFAULT_MAX_SUSPENDED_SECONDS = 120;

/**
 * What a speed factor may be, here and in `kyc-flow sandbox --speed`. Timings are divided
 * by it: far below the floor a run never moves (its waits outgrow every timer), and past
 * the ceiling (the bench's own pace) every wait is already shorter than a timer can be.
 */
export const SPEED_RANGE = { min: 0.001, max: 1_000_000 } as const;
/**
 * `--max-suspended`, in seconds: at least one (less gives up on a single slow answer), at
 * most the longest one timer holds (2^31-1 ms, 24.8 days): a flow that must outlast a
 * longer outage keeps a --state-file and is resumed.
 */
const MAX_SUSPENDED_RANGE = { min: 1, max: 2_147_483 } as const;

export const runUsage = `usage: kyc-flow run [options]

Runs one onboarding headless, answering every node from a customer profile.
Without --gateway it runs against the embedded sandbox, in this process.

options:
  --profile <file>          customer profile (JSON); default: the bundled jane-doe sample
  --gateway <url>           gateway URL                                  [env KYC_GATEWAY_URL]
  --storage <url>           storage service URL; default: next to the gateway [env KYC_STORAGE_URL]
  --api-key <key>           API key (ak_…)                               [env KYC_API_KEY]
  --api-secret-file <file>  file holding the API secret (sk_…)           [env KYC_API_SECRET]
  --api-secret <secret>     the API secret itself: works, but every user sees it in the
                            process list (a warning says so)
  --domain <id>             domain id                                    [env KYC_DOMAIN_ID]
  --max-answer-bytes <n>    refuse a gateway answer longer than this; default 4194304 (4 MiB),
                            enough for the guide's answers (raise it for a vendor whose
                            answers carry images)
  --state-file <file>       keep the flow in this file (0600; it holds the customer's data)
                            and resume from it if it exists (on the gateway it was
                            started on, which it records); at a final outcome it keeps
                            the outcome alone, so a run again tells it and sends nothing
                            (on the embedded sandbox, <file>.sandbox.json keeps what it
                            remembers, so that a new run resumes there too)
  --keep-state              keep the whole state file after a final outcome (with --state-file)
  --record <file>           write every gateway exchange to this NDJSON file, personal
                            values and secrets redacted (replay it with --scenario-file)
  --json                    print events as NDJSON on stdout, one per line
  --inspect                 watch the run live in a browser: the chart with the active state
                            lit and the event log (works offline; the Stately inspector is one
                            link away). Waits for a viewer before the flow starts, and keeps
                            the page up after the outcome until Ctrl-C
  --inspect-port <port>     port of the inspector pages (with --inspect); default ${DEFAULT_INSPECT_PORT}
  --inspect-no-wait         --inspect for scripts: start at once, exit at the outcome
  --max-suspended <s>       give up when the flow stays suspended this long (${MAX_SUSPENDED_RANGE.min} to
                            ${MAX_SUSPENDED_RANGE.max}); default ${DEFAULT_MAX_SUSPENDED_SECONDS}

embedded sandbox only (refused with --gateway):
  --scenario <name>         full, minimal, manual-review, rejected, failed, timeout,
                            cancelled, ocr-failure, or a name from --scenario-file
  --scenario-file <file>    custom scenarios (JSON), or a recording to replay (NDJSON)
  --speed <factor>          run sandbox timings and polling this many times faster
                            (${SPEED_RANGE.min} to ${SPEED_RANGE.max}); default ${EMBEDDED_SANDBOX_SPEED}
                            (a \`kyc-flow sandbox --speed N\` on localhost: KYC_SANDBOX_SPEED=N)
  --decide <decision>       decide a manual review: APPROVED or REJECTED
  --seed <n>                deterministic timings and ids
  -h, --help                show this help

exit codes:
  0 approved, 10 rejected, 11 failed, 12 timed out, 13 cancelled, 14 pending review,
  15 suspended (gateway unreachable), 16 contract broken, 17 unknown node,
  18 completed with an unknown decision, 19 the profile cannot answer a node,
  20 credentials refused, 21 refused before it began (register or start refused),
  130 interrupted (the --state-file keeps the flow), 2 usage error (bad options, profile,
  secret or state file; nothing sent), 1 internal error`;

const DECISIONS = ['APPROVED', 'REJECTED'] as const;
type Env = Readonly<Record<string, string | undefined>>;
type Values = ReturnType<typeof parse>['values'];

/** Why an option makes no sense against a real gateway. */
const EMBEDDED_ONLY: ReadonlyArray<readonly [keyof Values, string]> = [
  ['speed', 'a real gateway keeps its own pace, and is polled at the pace its guide asks for'],
  ['scenario', "it would rewrite the real customer's id and email with a +tag"],
  ['scenario-file', 'only the embedded sandbox plays scenarios and recordings'],
  ['decide', 'only the embedded sandbox takes decisions'],
  ['seed', 'only the embedded sandbox has a seed'],
];

/**
 * Reads `kyc-flow run`'s arguments, environment and secret file; throws `UsageError` on
 * anything wrong, before anything is sent.
 */
export async function parseRunOptions(
  args: readonly string[],
  env: Env = process.env,
): Promise<RunOptions> {
  let values: Values;
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  checkCompanions(values);
  const warnings: string[] = [];
  const gateway = await gatewaySettings(values, env, (text) => warnings.push(text));
  if (gateway !== undefined) {
    const refused = EMBEDDED_ONLY.find(([name]) => values[name] !== undefined);
    if (refused) {
      throw new UsageError(
        `--${refused[0]} works only with the embedded sandbox (no --gateway or KYC_GATEWAY_URL): ${refused[1]}`,
      );
    }
  }
  return {
    profile: values.profile,
    ...scenarioOptions(values),
    gateway,
    stateFile: values['state-file'],
    keepState: values['keep-state'] ?? false,
    record: values.record,
    json: values.json ?? false,
    inspect: (values.inspect ?? false) || (values['inspect-no-wait'] ?? false),
    inspectPort: integer(values['inspect-port'], '--inspect-port', DEFAULT_INSPECT_PORT, 1, 65_535),
    inspectWait: !(values['inspect-no-wait'] ?? false),
    speed: gateway
      ? localSandboxSpeed(gateway, env)
      : inRange(values.speed, '--speed', EMBEDDED_SANDBOX_SPEED, SPEED_RANGE),
    decide: decision(values.decide),
    maxSuspendedMs:
      inRange(
        values['max-suspended'],
        '--max-suspended',
        DEFAULT_MAX_SUSPENDED_SECONDS,
        MAX_SUSPENDED_RANGE,
      ) * 1000,
    seed:
      values.seed === undefined
        ? undefined
        : // The sandbox's randomness keeps 32 bits: a larger seed would repeat a smaller one's run.
          integer(values.seed, '--seed', 0, 0, 2 ** 32 - 1),
    help: values.help ?? false,
    warnings,
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
      'scenario-file': { type: 'string' },
      ...GATEWAY_FLAG_OPTIONS,
      'state-file': { type: 'string' },
      'keep-state': { type: 'boolean' },
      record: { type: 'string' },
      json: { type: 'boolean' },
      inspect: { type: 'boolean' },
      'inspect-port': { type: 'string' },
      'inspect-no-wait': { type: 'boolean' },
      speed: { type: 'string' },
      decide: { type: 'string' },
      'max-suspended': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

/**
 * Options that only mean something beside another: alone, they would be dropped without a
 * word (no inspector on the port asked for, no state file to keep).
 */
const COMPANIONS: ReadonlyArray<readonly [keyof Values, ReadonlyArray<keyof Values>]> = [
  ['inspect-port', ['inspect', 'inspect-no-wait']],
  ['keep-state', ['state-file']],
];

function checkCompanions(values: Values): void {
  for (const [option, companions] of COMPANIONS) {
    if (values[option] === undefined || companions.some((name) => values[name] !== undefined)) {
      continue;
    }
    const needed = companions.map((name) => `--${name}`).join(' or ');
    throw new UsageError(`--${option} works only with ${needed}`);
  }
}

function scenarioOptions(values: Values): Pick<RunOptions, 'scenario' | 'scenarioFile'> {
  const { scenario } = values;
  const scenarioFile = values['scenario-file'];
  if (scenario !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(scenario)) {
    throw new UsageError('--scenario must be a scenario name such as full or manual-review');
  }
  // Names from a scenario file are known once it is read (see `scenario-source.ts`).
  if (scenario !== undefined && scenarioFile === undefined && !isScenarioName(scenario)) {
    throw new UsageError(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}`);
  }
  return { scenario, scenarioFile };
}

/**
 * `KYC_SANDBOX_SPEED`: the gateway is a `kyc-flow sandbox --speed N` on this machine, so
 * polling may be N times faster too. Refused for any other host: a real gateway is polled
 * at the pace its guide asks for.
 */
export function localSandboxSpeed(gateway: GatewaySettings, env: Env): number {
  const text = env.KYC_SANDBOX_SPEED;
  if (text === undefined || text === '') return 1;
  if (!isLoopback(new URL(gateway.gatewayUrl))) {
    throw new UsageError(
      'KYC_SANDBOX_SPEED applies only to a sandbox on this machine (a localhost or 127.x gateway)',
    );
  }
  return inRange(text, 'KYC_SANDBOX_SPEED', 1, SPEED_RANGE);
}

function decision(value: string | undefined): RunOptions['decide'] {
  const upper = value?.toUpperCase();
  if (upper === undefined) return undefined;
  if (!(DECISIONS as readonly string[]).includes(upper)) {
    throw new UsageError('--decide must be APPROVED or REJECTED');
  }
  return upper as RunOptions['decide'];
}

/** A number from `range.min` to `range.max`; the message says the range and what was given. */
export function inRange(
  value: string | undefined,
  name: string,
  fallback: number,
  range: { readonly min: number; readonly max: number },
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || !(number >= range.min && number <= range.max)) {
    throw new UsageError(
      `${name} must be a number from ${range.min} to ${range.max}, not ${JSON.stringify(value)}`,
    );
  }
  return number;
}

export function integer(
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
