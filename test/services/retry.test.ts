import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  mergeRetryPolicy,
  parseRetryAfter,
} from '../../src/services/index.js';

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('honours Retry-After without jitter, capped at maxDelayMs', () => {
    const policy = mergeRetryPolicy({ maxDelayMs: 5000 });
    expect(backoffDelay(1, policy, 1200, () => 0)).toBe(1200);
    expect(backoffDelay(1, policy, 3_600_000)).toBe(5000);
  });

  it('backs off exponentially with full jitter, never above maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelayMs, maxDelayMs, jitter) => {
          const policy = mergeRetryPolicy({ baseDelayMs, maxDelayMs });
          const delay = backoffDelay(retry, policy, undefined, () => jitter);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)));
        },
      ),
    );
    const policy = mergeRetryPolicy({ baseDelayMs: 100, maxDelayMs: 10_000 });
    const top = () => 0.999_999;
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, policy, undefined, top))).toEqual([
      99, 199, 399, 799,
    ]);
  });

  it('merges layers immutably: later layers win, nothing given keeps the defaults', () => {
    const client = mergeRetryPolicy({ limit: 5 });
    const call = mergeRetryPolicy(client, { maxDelayMs: 100 });
    expect(client).toEqual({ ...DEFAULT_RETRY_POLICY, limit: 5 });
    expect(call).toEqual({ limit: 5, baseDelayMs: 250, maxDelayMs: 100 });
    expect(Object.isFrozen(call)).toBe(true);
    expect(mergeRetryPolicy({ limit: -1, baseDelayMs: Number.NaN })).toEqual(DEFAULT_RETRY_POLICY);
  });
});
