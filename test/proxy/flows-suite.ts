import { describe, expect, it } from 'vitest';
import type { FlowsStore } from '../../src/adapters/proxy/index.js';
import { manualClock } from './bindings-suite.js';

/** Makes a fresh, empty store on the clock given (its own prefix, for a shared server). */
export type MakeFlows = (now: () => number) => FlowsStore;

/**
 * The rules every flows store keeps: the memory store and the Redis store run this same
 * suite. Values expire by the store's keeping; conditional writes and takes are atomic.
 */
export const describeFlowsStore = (name: string, make: MakeFlows, wait: (ms: number) => unknown) =>
  describe(`the flows store rules (${name})`, () => {
    it('reads what was written, and nothing once its keeping is over', async () => {
      const clock = manualClock();
      const store = make(clock.now);
      expect(await store.read('flow:F1')).toBeUndefined();
      expect(await store.write('flow:F1', 'sealed-1', 50)).toBe('written');
      expect(await store.read('flow:F1')).toBe('sealed-1');
      clock.advance(60);
      await wait(60);
      expect(await store.read('flow:F1')).toBeUndefined();
    });

    it('writes on a condition: only over the value expected, or only where there is none', async () => {
      const store = make(manualClock().now);
      expect(await store.write('handoff:H1', 'a', 10_000, null)).toBe('written');
      expect(await store.write('handoff:H1', 'b', 10_000, null)).toBe('changed');
      expect(await store.write('handoff:H1', 'b', 10_000, 'x')).toBe('changed');
      expect(await store.write('handoff:H1', 'b', 10_000, 'a')).toBe('written');
      expect(await store.read('handoff:H1')).toBe('b');
      expect(await store.write('handoff:H1', 'c', 10_000)).toBe('written');
      expect(await store.read('handoff:H1')).toBe('c');
    });

    it('lets exactly one of several racing writers win a conditional write', async () => {
      const store = make(manualClock().now);
      await store.write('handoff:H2', 'start', 10_000);
      const race = await Promise.all(
        ['p', 'q', 'r', 's'].map((value) => store.write('handoff:H2', value, 10_000, 'start')),
      );
      expect(race.filter((outcome) => outcome === 'written')).toHaveLength(1);
    });

    it('gives what it takes to one taker only, and forgets it', async () => {
      const store = make(manualClock().now);
      await store.write('link:L1', 'entry', 10_000);
      const takers = await Promise.all([1, 2, 3].map(() => store.take('link:L1')));
      expect(takers.filter((value) => value === 'entry')).toHaveLength(1);
      expect(await store.read('link:L1')).toBeUndefined();
      expect(await store.take('link:L1')).toBeUndefined();
    });
  });
