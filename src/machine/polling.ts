/**
 * The polling policy: a pure function of where the flow is and what the server said.
 * Durations are real-world milliseconds; `timeScale` divides every one of them, so that a
 * sandbox running `speed` times faster and this policy compress alike.
 *
 * Its shape: look again about a second after each submission (the next node usually
 * appears within one or two; at once if the submission is older, as after an OCR), back off
 * while the server works (screening, OCR), stay slow
 * while the host or a reviewer has the turn (and slower still when that turn lasts), spread
 * every wait by ±jitter, wait at least as long as the server's `Retry-After` (all of it: a
 * call sent before the time a gateway named is one it punishes), and never less than
 * `minWaitMs`.
 *
 * Above all of it, the polling floor: no two status reads of one execution closer than
 * `floorMs` (the guide's "every 2–5 s" at its lower bound), however the flow got there
 * (the watch beside a waiting node, the poll after a submission, a RETRY). The fast look
 * after a submission happens only where it keeps to the floor.
 */

/** What the server is doing while we wait, as far as the chart can tell. */
export type PollPhase =
  /** RUNNING (or CREATED): the next node has not appeared yet. */
  | 'running'
  /** The automatic screening node runs. */
  | 'screening'
  /** OCR of a submitted identity document is in progress. */
  | 'ocr'
  /** A node the client cannot act on (manual review): someone else decides. */
  | 'review'
  /** A node waits for the host; we only watch for the execution ending under us. */
  | 'awaitingHost';

export interface PollContext {
  readonly phase: PollPhase;
  /** Time since the last successful submission (or start), when there was one. */
  readonly sinceSubmitMs?: number;
  /** Polls in this phase so far that saw nothing new (0 for the first). */
  readonly attempts: number;
  /** The server asked us to wait this long (`Retry-After`), in real milliseconds. */
  readonly retryAfterMs?: number;
}

export interface PollingOptions {
  /**
   * The polling floor: no two status reads of one execution closer than this (before
   * `timeScale`), whichever state reads. Default 2 000, the guide's "every 2–5 s".
   */
  readonly floorMs: number;
  /** No wait of the policy is shorter than this (before `timeScale`), jitter included. */
  readonly minWaitMs: number;
  /** First poll after a submission: the next node usually appears within a second or two. */
  readonly afterSubmitMs: number;
  /** Each poll that finds nothing new waits this much longer, up to the phase's ceiling. */
  readonly growth: number;
  /** A submission counts as recent for this long (an OCR that ran counts from its submit). */
  readonly afterSubmitWindowMs: number;
  /** Ordinary pace while RUNNING, and the ceiling of the after-submit back-off (the vendor advises 2–5 s). */
  readonly intervalMs: number;
  /** No wait while the server works (screening, OCR) grows beyond this. */
  readonly maxIntervalMs: number;
  /**
   * Polls at the ordinary pace while RUNNING (or screening) before a long one backs off by
   * `growth` per poll up to `maxRunningIntervalMs`: a stuck execution is then read gently,
   * and a worker can park it rather than hold a slot.
   */
  readonly runningSteadyPolls: number;
  readonly maxRunningIntervalMs: number;
  /** First poll once screening runs; grows by `growth` up to `maxIntervalMs`. */
  readonly screeningMs: number;
  /** First OCR read after submitting a document (the vendor: after 2–5 s; OCR takes 5–15 s). */
  readonly ocrFirstReadMs: number;
  /** Later OCR reads; grows by `growth` up to `maxIntervalMs`. */
  readonly ocrIntervalMs: number;
  /** Pace in `pendingReview` for its first `reviewSteadyPolls` polls. */
  readonly reviewIntervalMs: number;
  /** Polls at the steady review pace before a long review backs off. */
  readonly reviewSteadyPolls: number;
  /** A long review backs off by `growth` per poll up to this. */
  readonly maxReviewIntervalMs: number;
  /** Pace of the watch while a node waits for the host, for its first `awaitingHostSteadyPolls` polls. */
  readonly awaitingHostIntervalMs: number;
  /** Watch polls at the steady pace before a node the host leaves waiting backs off. */
  readonly awaitingHostSteadyPolls: number;
  /** A node the host leaves waiting backs off by `growth` per poll up to this. */
  readonly maxAwaitingHostIntervalMs: number;
  /** ±fraction of random spread, so that many flows do not poll in step. */
  readonly jitter: number;
  /** First back-off in `suspended`; doubles each time, up to `maxRetryDelayMs` (a server's `Retry-After` may ask longer). */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Divides every duration (the sandbox's `speed`). */
  readonly timeScale: number;
}

export const defaultPollingOptions: PollingOptions = {
  floorMs: 2_000,
  minWaitMs: 250,
  afterSubmitMs: 1_000,
  growth: 1.5,
  afterSubmitWindowMs: 30_000,
  intervalMs: 3_000,
  maxIntervalMs: 4_000,
  runningSteadyPolls: 60,
  maxRunningIntervalMs: 30_000,
  screeningMs: 2_000,
  ocrFirstReadMs: 5_000,
  ocrIntervalMs: 2_500,
  reviewIntervalMs: 30_000,
  reviewSteadyPolls: 10,
  maxReviewIntervalMs: 300_000,
  awaitingHostIntervalMs: 30_000,
  awaitingHostSteadyPolls: 10,
  maxAwaitingHostIntervalMs: 300_000,
  jitter: 0.2,
  retryDelayMs: 2_000,
  maxRetryDelayMs: 60_000,
  timeScale: 1,
};

/** Fills in defaults; drops anything that is not a finite, non-negative number. */
export function resolvePollingOptions(options: Partial<PollingOptions> = {}): PollingOptions {
  const resolved: Record<string, number> = { ...defaultPollingOptions };
  for (const [key, value] of Object.entries(options)) {
    if (key in defaultPollingOptions && typeof value === 'number' && Number.isFinite(value)) {
      resolved[key] = key === 'jitter' ? Math.min(Math.max(value, 0), 1) : Math.max(value, 0);
    }
  }
  // A growth under 1 would shrink the waits of a flow that sees nothing new.
  resolved.growth = Math.max(resolved.growth ?? 1, 1);
  if (!(resolved.timeScale !== undefined && resolved.timeScale > 0)) resolved.timeScale = 1;
  return resolved as unknown as PollingOptions;
}

export type RandomSource = () => number;

/** How long to wait before the next poll, in real milliseconds. */
export function nextPollDelay(
  ctx: PollContext,
  options: PollingOptions,
  random: RandomSource = Math.random,
): number {
  const o = complete(options);
  return finish(baseDelay(ctx, o), ctx.retryAfterMs, o, random);
}

/** The polling floor in real ms of this flow's clock (`floorMs` ÷ `timeScale`). */
export const statusFloorMs = (options: PollingOptions): number =>
  complete(options).floorMs / complete(options).timeScale;

/** How long `suspended` waits before trying again by itself (`suspensions` counts from 1). */
export function nextRetryDelay(
  suspensions: number,
  options: PollingOptions,
  retryAfterMs?: number,
  random: RandomSource = Math.random,
): number {
  const o = complete(options);
  const base = Math.min(o.maxRetryDelayMs, o.retryDelayMs * 2 ** Math.max(suspensions - 1, 0));
  return finish(base, retryAfterMs, o, random);
}

/** Settings persisted by an older version may lack newer knobs: those take their default. */
const complete = (options: PollingOptions): PollingOptions =>
  Object.keys(defaultPollingOptions).every((key) => key in options)
    ? options
    : { ...defaultPollingOptions, ...options };

function baseDelay(ctx: PollContext, o: PollingOptions): number {
  const attempts = Math.max(Number.isFinite(ctx.attempts) ? ctx.attempts : 0, 0);
  const grown = (first: number, n: number, ceiling: number) =>
    Math.min(ceiling, first * o.growth ** n);
  const long = (pace: number) =>
    Math.max(
      pace,
      grown(pace, attempts - o.runningSteadyPolls, Math.max(o.maxRunningIntervalMs, pace)),
    );
  switch (ctx.phase) {
    case 'running': {
      const since = ctx.sinceSubmitMs;
      if (since === undefined || !(since < o.afterSubmitWindowMs)) return long(o.intervalMs);
      // The first look is due `afterSubmitMs` after the submission, not after whatever ran
      // since (an OCR of 5–15 s): by then the next node may well be waiting already.
      if (attempts === 0)
        return Math.min(o.intervalMs, Math.max(o.afterSubmitMs - Math.max(since, 0), 0));
      return grown(o.afterSubmitMs, attempts, o.intervalMs);
    }
    case 'screening':
      return long(grown(o.screeningMs, attempts, o.maxIntervalMs));
    case 'ocr':
      return attempts === 0
        ? o.ocrFirstReadMs
        : grown(o.ocrIntervalMs, attempts - 1, o.maxIntervalMs);
    case 'review':
      return grown(
        o.reviewIntervalMs,
        Math.max(attempts - o.reviewSteadyPolls, 0),
        Math.max(o.maxReviewIntervalMs, o.reviewIntervalMs),
      );
    case 'awaitingHost':
      return grown(
        o.awaitingHostIntervalMs,
        Math.max(attempts - o.awaitingHostSteadyPolls, 0),
        Math.max(o.maxAwaitingHostIntervalMs, o.awaitingHostIntervalMs),
      );
  }
}

function finish(
  base: number,
  retryAfterMs: number | undefined,
  o: PollingOptions,
  random: RandomSource,
): number {
  const spread = 1 + o.jitter * (2 * clamp01(random()) - 1);
  const scaled = Math.max(o.minWaitMs, base * spread) / o.timeScale;
  // The server's own hint is in its own time, so it is not scaled, nor cut short: an hour
  // asked for an OTP send is an hour (the flow shows it suspended until then, and CANCEL works).
  const hint = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) ? retryAfterMs : 0;
  return Math.round(Math.max(scaled, hint));
}

const clamp01 = (value: number) => (Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5);
