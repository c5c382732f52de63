import { parseArgs } from 'node:util';

/** What `npm run chaos` was asked to do, checked. */
export interface ChaosOptions {
  /** Flows run at once against one sandbox. */
  readonly flows: number;
  /** Probability (0–1) that a gateway call fails. */
  readonly faultRate: number;
  /** Seeds the scenario mix, the review decisions, the sandbox and its faults. */
  readonly seed: number;
  /** Print one JSON object as the last line instead of a summary. */
  readonly json: boolean;
  /** Sandbox durations and the flows' polling divide by this. */
  readonly speed: number;
  /** How many times a flow that stayed suspended is resumed (as a host retries) before it counts as stuck. */
  readonly maxRetries: number;
  /** Real seconds a flow may take in all before it counts as stuck. */
  readonly flowTimeoutSeconds: number;
  readonly help: boolean;
}

export const chaosUsage = `usage: npm run chaos -- [options]

Runs many onboarding flows at once against an in-process sandbox that injects faults
(5xx, 429, 999401/999000/999402, slow answers, connections dropped before and after the
effect, malformed envelopes), and checks that every flow ends as its scenario says, that
no effect was applied twice and that no submission the client saw accepted was lost.

options:
  --flows <n>            flows at once; default 50
  --fault-rate <r>       probability (0-1) that a gateway call fails; default 0.2
  --seed <n>             scenario mix, review decisions and faults; default: random
  --json                 print one JSON object as the last line
  --speed <factor>       sandbox and polling run this many times faster; default 25
  --max-retries <n>      resumes of a flow that stays suspended; default 5
  --flow-timeout <s>     real seconds a flow may take; default 240
  -h, --help             show this help

exit codes: 0 every flow as expected, nothing duplicated or lost; 1 otherwise; 2 usage error`;

export class ChaosUsageError extends Error {
  override readonly name = 'ChaosUsageError';
}

export function parseChaosOptions(args: readonly string[]): ChaosOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new ChaosUsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    flows: number(values.flows, '--flows', 50, { integer: true, min: 1, max: 100_000 }),
    faultRate: number(values['fault-rate'], '--fault-rate', 0.2, { min: 0, max: 1 }),
    seed: number(values.seed, '--seed', Math.floor(Math.random() * 2 ** 31), {
      integer: true,
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
    }),
    json: values.json ?? false,
    speed: number(values.speed, '--speed', 25, { min: 0.001, max: 10_000 }),
    maxRetries: number(values['max-retries'], '--max-retries', 5, {
      integer: true,
      min: 0,
      max: 1_000,
    }),
    flowTimeoutSeconds: number(values['flow-timeout'], '--flow-timeout', 240, {
      min: 1,
      max: 86_400,
    }),
    help: values.help ?? false,
  };
}

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      flows: { type: 'string' },
      'fault-rate': { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      speed: { type: 'string' },
      'max-retries': { type: 'string' },
      'flow-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });

function number(
  value: string | undefined,
  name: string,
  fallback: number,
  range: { integer?: boolean; min: number; max: number },
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (
    value.trim() === '' ||
    !Number.isFinite(parsed) ||
    (range.integer && !Number.isInteger(parsed)) ||
    parsed < range.min ||
    parsed > range.max
  ) {
    throw new ChaosUsageError(
      `${name} must be ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`,
    );
  }
  return parsed;
}
