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
