import { describe, expect, it } from 'vitest';
import { type FlowContext, initialContext } from '../../src/machine/context.js';
import {
  DEFAULT_OTP_COOLDOWN_MS,
  MAX_OTP_COOLDOWN_MS,
  ocrReadAt,
  resendAt,
  retryAt,
  statusReadAt,
} from '../../src/machine/deadlines.js';
import { resolvePollingOptions } from '../../src/machine/polling.js';

const AT = 1_000_000;
const base = initialContext({
  customer: { referenceId: 'ref-deadline' },
  polling: resolvePollingOptions({ jitter: 0 }),
});
const withTiming = (timing: Partial<FlowContext['timing']>): FlowContext => ({
  ...base,
  timing: { ...base.timing, ...timing },
});

describe('deadlines: every wait of the chart, computed in one place', () => {
  it('reads the status at the pace of the phase, never sooner than the floor after the last read', () => {
    expect(statusReadAt(base, 'running', AT)).toBe(AT + 3_000);
    expect(statusReadAt(base, 'awaitingHost', AT)).toBe(AT + 30_000);
    // Just submitted: look again soon, but not within 2 s of the last read.
    const submitted = withTiming({ lastSubmitAt: AT, lastPollAt: AT - 500 });
    expect(statusReadAt(submitted, 'running', AT)).toBe(AT + 1_500);
  });

  it('reads the OCR result later the more it was read', () => {
    const ocr = (reads: number): FlowContext => ({
      ...base,
      ocr: { callbackKey: 'k', status: 'extracting', submittedAt: AT, reads },
    });
    expect(ocrReadAt(ocr(0), AT)).toBe(AT + 5_000);
    expect(ocrReadAt(ocr(1), AT)).toBe(AT + 2_500);
    expect(ocrReadAt(ocr(3), AT)).toBe(AT + 4_000);
  });

  it('ends a suspension by its back-off, counted from when it began', () => {
    expect(retryAt(withTiming({ suspendedAt: AT - 1_000, suspensions: 1 }), AT)).toBe(AT + 1_000);
    expect(retryAt(withTiming({ suspendedAt: AT, suspensions: 3 }), AT)).toBe(AT + 8_000);
  });

  it("waits out a gateway's Retry-After in the suspension only, not in the reads after it", () => {
    const hinted = withTiming({ suspendedAt: AT, suspensions: 1, retryAfterMs: 30_000 });
    expect(retryAt(hinted, AT)).toBe(AT + 30_000);
    expect(statusReadAt(hinted, 'running', AT)).toBe(AT + 3_000);
  });

  it("allows a resend after the gateway's cooldown, else the usual one", () => {
    expect(resendAt(base, AT, 45)).toBe(AT + 45_000);
    expect(resendAt(base, AT, undefined)).toBe(AT + DEFAULT_OTP_COOLDOWN_MS);
  });

  it('waits out no cooldown past the longest one, whatever the gateway says (a typo, milliseconds)', () => {
    expect(resendAt(base, AT, 1e9)).toBe(AT + MAX_OTP_COOLDOWN_MS);
    expect(resendAt(base, AT, 60_000)).toBe(AT + MAX_OTP_COOLDOWN_MS);
    expect(MAX_OTP_COOLDOWN_MS).toBe(600_000);
    const compressed = { ...base, polling: resolvePollingOptions({ timeScale: 100 }) };
    expect(resendAt(compressed, AT, 1e9)).toBe(AT + MAX_OTP_COOLDOWN_MS / 100);
  });
});
