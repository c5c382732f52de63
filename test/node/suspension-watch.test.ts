import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SuspensionWatch } from '../../src/adapters/node/suspension-watch.js';
import type { FlowError } from '../../src/machine/index.js';

const trouble: FlowError = { code: 'TRANSPORT_ERROR', message: 'down', retryable: true };

describe('SuspensionWatch', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives up once the flow has been suspended for maxSuspendedMs, counted from the first suspension', () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    watch.observe({ step: 'suspended', error: trouble });
    vi.advanceTimersByTime(600);
    // The flow retries by itself and suspends again: the same trouble, the same clock.
    watch.observe({ step: 'polling', error: trouble });
    watch.observe({ step: 'suspended', error: trouble });
    vi.advanceTimersByTime(399);
    expect(onTooLong).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTooLong).toHaveBeenCalledTimes(1);
  });

  it('gives up at once when the gateway names a time past the limit, and waits when it names one within', () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    watch.observe({ step: 'suspended', error: trouble, notBefore: Date.now() + 500 });
    expect(onTooLong).not.toHaveBeenCalled();
    watch.observe({ step: 'suspended', error: trouble, notBefore: Date.now() + 3_600_000 });
    expect(onTooLong).toHaveBeenCalledTimes(1);
    expect(onTooLong).toHaveBeenCalledWith(trouble);
    // Given up once: the limit's own timer does not fire again.
    vi.advanceTimersByTime(10_000);
    expect(onTooLong).toHaveBeenCalledTimes(1);
  });

  it('forgets the trouble once the gateway answers again (no retryable error left)', () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    watch.observe({ step: 'suspended', error: trouble });
    vi.advanceTimersByTime(900);
    watch.observe({ step: 'polling' });
    vi.advanceTimersByTime(10_000);
    expect(onTooLong).not.toHaveBeenCalled();

    // A new suspension starts a new clock.
    watch.observe({ step: 'suspended', error: trouble });
    vi.advanceTimersByTime(1_000);
    expect(onTooLong).toHaveBeenCalledTimes(1);
  });

  it("counts the trouble of a node's own read across the good status reads between its tries", () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    const extracting = 'tracking.identityDocument.extracting';
    watch.observe({ step: 'identityDocument', state: extracting });
    for (let tries = 0; tries < 4; tries++) {
      watch.observe({ step: 'suspended', state: 'suspended', error: trouble });
      vi.advanceTimersByTime(200);
      // The status read answers: its good answer clears the error, the OCR read fails again.
      watch.observe({ step: 'polling', state: 'tracking.polling' });
      watch.observe({ step: 'identityDocument', state: extracting });
      vi.advanceTimersByTime(50);
    }
    expect(onTooLong).toHaveBeenCalledTimes(1);
  });

  it("forgets a node's read trouble once the flow moves past it", () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    const extracting = 'tracking.identityDocument.extracting';
    watch.observe({ step: 'identityDocument', state: extracting });
    watch.observe({ step: 'suspended', state: 'suspended', error: trouble });
    vi.advanceTimersByTime(500);
    watch.observe({ step: 'polling', state: 'tracking.polling' });
    watch.observe({ step: 'identityDocument', state: extracting });
    // The OCR read answers at last, and the flow goes on to the next node.
    watch.observe({ step: 'polling', state: 'tracking.polling' });
    watch.observe({ step: 'particulars', state: 'tracking.particulars.awaitingInput' });
    vi.advanceTimersByTime(10_000);
    expect(onTooLong).not.toHaveBeenCalled();
  });

  it("forgets a node's read trouble once the read is answered, however long the flow then polls", () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    const extracting = 'tracking.identityDocument.extracting';
    watch.observe({ step: 'identityDocument', state: extracting });
    watch.observe({ step: 'suspended', state: 'suspended', error: trouble });
    watch.observe({ step: 'polling', state: 'tracking.polling' });
    watch.observe({ step: 'identityDocument', state: extracting });
    // The read answers (the OCR is done): the flow polls for the next node, RUNNING a while.
    watch.observe({ step: 'polling', state: 'tracking.polling' });
    watch.observe({ step: 'polling', state: 'tracking.polling' });
    vi.advanceTimersByTime(10_000);
    expect(onTooLong).not.toHaveBeenCalled();
  });

  it('forgets the trouble of a watch (a status read) once one is answered, back in the same state', () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    const review = 'tracking.pendingReview';
    watch.observe({ step: 'pendingReview', state: review });
    watch.observe({ step: 'suspended', state: 'suspended', error: trouble });
    vi.advanceTimersByTime(500);
    watch.observe({ step: 'polling', state: 'tracking.polling' });
    watch.observe({ step: 'pendingReview', state: review });
    vi.advanceTimersByTime(10_000);
    expect(onTooLong).not.toHaveBeenCalled();
  });

  it('waits out a limit longer than a timer holds (30 days), instead of giving up at once', () => {
    const onTooLong = vi.fn();
    const thirtyDays = 30 * 86_400_000;
    const watch = new SuspensionWatch(thirtyDays, onTooLong);
    watch.observe({ step: 'suspended', error: trouble });
    vi.advanceTimersByTime(thirtyDays - 1);
    expect(onTooLong).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onTooLong).toHaveBeenCalledTimes(1);
    watch.stop();
  });

  it('never fires once stopped', () => {
    const onTooLong = vi.fn();
    const watch = new SuspensionWatch(1_000, onTooLong);
    watch.observe({ step: 'suspended', error: trouble });
    watch.stop();
    vi.advanceTimersByTime(5_000);
    expect(onTooLong).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
