import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGate } from '../../src/adapters/browser/gate.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A read waiting at the gate, and whether it has gone through (or given up) so far. */
const waitingRead = (read: Promise<void>) => {
  const state = { through: undefined as 'open' | 'aborted' | undefined };
  read.then(
    () => {
      state.through = 'open';
    },
    () => {
      state.through = 'aborted';
    },
  );
  return state;
};

describe('the gate that holds a hidden or offline page’s reads', () => {
  it('lets a read through at once while open', async () => {
    const read = waitingRead(createGate().whenOpen());
    await vi.advanceTimersByTimeAsync(0);
    expect(read.through).toBe('open');
  });

  it('holds reads, however long, until the last reason goes, then lets them all through', async () => {
    const gate = createGate();
    gate.hold('hidden');
    gate.hold('offline');
    const reads = [waitingRead(gate.whenOpen()), waitingRead(gate.whenOpen())];
    // Nothing is timed while held: a page hidden for a month reads nothing.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(30 * 86_400_000);
    gate.release('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(reads.map((read) => read.through)).toEqual([undefined, undefined]);
    expect(gate.isOpen).toBe(false);
    gate.release('offline');
    await vi.advanceTimersByTimeAsync(0);
    expect(reads.map((read) => read.through)).toEqual(['open', 'open']);
    expect(gate.isOpen).toBe(true);
  });

  it('gives up a held read when its signal aborts, with the signal’s reason; the others still wait', async () => {
    const gate = createGate();
    gate.hold('hidden');
    const controller = new AbortController();
    const given = gate.whenOpen(controller.signal);
    const other = waitingRead(gate.whenOpen());
    controller.abort(new Error('stopped'));
    await expect(given).rejects.toThrow('stopped');
    await expect(gate.whenOpen(controller.signal)).rejects.toThrow('stopped');
    expect(other.through).toBeUndefined();
    gate.release('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(other.through).toBe('open');
  });
});
