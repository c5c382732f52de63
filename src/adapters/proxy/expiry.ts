/**
 * How long a binding stays live after its last use. The vendor publishes no time limit for
 * an execution (it ends TIMEOUT when its own limit passes), and the longest quiet stretch
 * of an onboarding is a manual review: days, over a weekend, with the customer's tab closed
 * and so no poll to refresh it. A week since the last call covers that with margin; while
 * a flow runs every poll refreshes its binding, so a live flow never expires.
 */
export const DEFAULT_BINDING_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * How long a binding is remembered after its last use, live or not: while it is, nobody
 * else can be bound to its customer or execution. Long after any flow could be resumed,
 * so that an idempotent start cannot hand an old execution to someone else.
 */
export const DEFAULT_BINDING_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export interface BindingExpiry {
  /** A binding unused for this long is no longer live; default `DEFAULT_BINDING_TTL_MS` (7 days). */
  readonly ttlMs?: number;
  /**
   * A binding unused for this long is forgotten; default `DEFAULT_BINDING_RETENTION_MS`
   * (90 days). At least `ttlMs`; `Infinity` keeps every binding (memory permitting).
   */
  readonly retainMs?: number;
}

/** The TTL and the retention, checked: a retention shorter than the TTL would reopen keys early. */
export const resolveExpiry = (expiry: BindingExpiry) => {
  const ttlMs = expiry.ttlMs ?? DEFAULT_BINDING_TTL_MS;
  const retainMs = expiry.retainMs ?? Math.max(DEFAULT_BINDING_RETENTION_MS, ttlMs);
  if (!(ttlMs > 0) || !Number.isFinite(ttlMs)) {
    throw new RangeError('bindings: ttlMs must be a positive number of milliseconds');
  }
  if (!(retainMs >= ttlMs)) {
    throw new RangeError('bindings: retainMs must be at least ttlMs');
  }
  return { ttlMs, retainMs };
};
