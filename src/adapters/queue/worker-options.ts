/**
 * A `createKycWorker` option out of its range, named before the worker connects or takes a
 * job: left to run, the value would fail each job at its first save mid-flow (Redis refuses
 * a `PX` of 0, a fraction or NaN), expire flows at once, or spin BullMQ's timers.
 */
export class KycWorkerOptionError extends RangeError {
  override readonly name = 'KycWorkerOptionError';
  readonly code = 'WORKER_OPTION_INVALID';
  /** Like every `KycFlowError`: the same options fail again. */
  readonly retryable = false;

  constructor(
    /** The option, as `KycWorkerOptions` spells it. */
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

/** Timers overflow past 2^31-1 ms and fire at once: BullMQ renews locks and checks stalls on them. */
const MAX_TIMER_MS = 2_147_483_647;

interface Range {
  /** Whole numbers only: the value reaches Redis, which takes integers. */
  readonly whole: boolean;
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

const count = (min: number): Range => ({
  whole: true,
  min,
  max: Number.MAX_SAFE_INTEGER,
  what: min === 0 ? 'a whole number, 0 or more' : 'a whole number, 1 or more',
});

const wholeMs = (max: number, why: string): Range => ({
  whole: true,
  min: 1,
  max,
  what: `a whole number of milliseconds from 1 to ${max} (${why})`,
});

/** Waits kyc-flow measures itself: its timers wait out any length in steps. */
const duration: Range = {
  whole: false,
  min: Number.MIN_VALUE,
  max: Number.MAX_VALUE,
  what: 'a positive, finite number of milliseconds',
};

const RANGES = {
  concurrency: count(1),
  maxConnections: count(1),
  callsPerSecond: count(1),
  maxStalledCount: count(0),
  parkWhenIdleForMs: duration,
  maxSuspendedMs: duration,
  newerBuildWaitMs: duration,
  snapshotRetentionMs: wholeMs(Number.MAX_SAFE_INTEGER, "a snapshot's PX in Redis"),
  lockDurationMs: wholeMs(MAX_TIMER_MS, 'a job lock, renewed on a timer'),
  stalledIntervalMs: wholeMs(MAX_TIMER_MS, 'a timer'),
} as const satisfies Record<string, Range>;

type NumericOption = keyof typeof RANGES;

const within = (value: unknown, range: Range): boolean =>
  typeof value === 'number' &&
  (range.whole ? Number.isInteger(value) : Number.isFinite(value)) &&
  value >= range.min &&
  value <= range.max;

const shown = (value: unknown): string =>
  typeof value === 'number' ? String(value) : `${typeof value} ${JSON.stringify(value)}`;

/** Throws a `KycWorkerOptionError` for the first numeric option out of its range. */
export function checkWorkerOptions(options: Partial<Record<NumericOption, unknown>>): void {
  for (const [option, range] of Object.entries(RANGES)) {
    const value = options[option as NumericOption];
    if (value === undefined || within(value, range)) continue;
    throw new KycWorkerOptionError(
      option,
      `createKycWorker: ${option} must be ${range.what}, got ${shown(value)}`,
    );
  }
}
