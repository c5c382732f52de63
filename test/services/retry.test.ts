import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  mergeRetryPolicy,
  parseRetryAfter,
  RETRY_AFTER_STATUSES,
  RETRYABLE_STATUSES,
  TransportError,
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

  it('reads a very large delay-seconds as a Unix time, as ky does', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter(String((now + 4000) / 1000), now)).toBe(4000);
  });

  it('one rule for retryable statuses: what ky retries, TransportError says retryable', () => {
    for (let status = 100; status < 600; status++) {
      const error = new TransportError('workflow.execution.status', 'http', status);
      expect(error.retryable, `HTTP ${status}`).toBe(RETRYABLE_STATUSES.includes(status));
    }
    expect(RETRY_AFTER_STATUSES.every((status) => RETRYABLE_STATUSES.includes(status))).toBe(true);
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
