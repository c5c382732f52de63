import { describe, expect, it } from 'vitest';
import { nextWakeAt } from '../../src/adapters/node/next-wake.js';
import { checkParkOptions, parkedAt } from '../../src/adapters/node/parking.js';
import type { PersistedFlow } from '../../src/adapters/node/snapshot-store.js';
import type { FlowView } from '../../src/machine/index.js';

type Child = { src: string; input?: Record<string, unknown>; status?: string };

const flowWith = (...children: Child[]): PersistedFlow => ({
  version: 1,
  snapshot: {
    status: 'active',
    value: { tracking: 'pendingReview' },
    context: {},
    children: Object.fromEntries(
      children.map(({ src, input, status = 'active' }, index) => [
        `${src}-${index}`,
        { src, snapshot: { status, input } },
      ]),
    ),
  },
});

const review: FlowView = {
  state: 'tracking.pendingReview',
  step: 'pendingReview',
  referenceId: 'ref-1',
  executionId: 'exec-1',
  expects: [],
  done: false,
};

describe('nextWakeAt', () => {
  it("reads the earliest deadline of the flow's waits: a poll's notBefore, a back-off's until", () => {
    expect(nextWakeAt(flowWith({ src: 'pollExecution', input: { notBefore: 5_000 } }))).toBe(5_000);
    expect(
      nextWakeAt(
        flowWith(
          { src: 'pollExecution', input: { executionId: 'e', notBefore: 9_000 } },
          { src: 'wait', input: { until: 7_000 } },
        ),
      ),
    ).toBe(7_000);
  });

  it('has none while an actor works without a deadline (a submission in flight)', () => {
    expect(
      nextWakeAt(
        flowWith(
          { src: 'pollExecution', input: { notBefore: 9_000 } },
          { src: 'submitParticulars', input: { callbackKey: 'k' } },
        ),
      ),
    ).toBeUndefined();
  });

  it('has none where nothing runs (a flow that waits for RETRY, a final state, a bad snapshot)', () => {
    expect(nextWakeAt(flowWith())).toBeUndefined();
    expect(nextWakeAt({ version: 1, snapshot: null })).toBeUndefined();
    expect(nextWakeAt({ version: 1, snapshot: { children: 'none' } })).toBeUndefined();
  });

  it('ignores actors that are over', () => {
    expect(
      nextWakeAt(
        flowWith(
          { src: 'submitParticulars', status: 'done' },
          { src: 'wait', input: { until: 3_000 } },
        ),
      ),
    ).toBe(3_000);
  });
});

describe('parkedAt', () => {
  const persisted = flowWith({ src: 'pollExecution', input: { notBefore: 31_000 } });

  it('parks a flow whose next own step is at least whenIdleForMs away', () => {
    expect(parkedAt(review, persisted, 30_000, 1_000)).toEqual({
      status: 'parked',
      executionId: 'exec-1',
      step: 'pendingReview',
      wakeAt: 31_000,
    });
  });

  it('does not park a flow due sooner, or busy now', () => {
    expect(parkedAt(review, persisted, 30_001, 1_000)).toBeUndefined();
    const busy = flowWith({ src: 'submitForms', input: {} });
    expect(parkedAt(review, busy, 1, 1_000)).toBeUndefined();
  });
});

describe('checkParkOptions', () => {
  it('refuses park without a store, and a wait that is not a positive number of ms', () => {
    expect(() => checkParkOptions({ whenIdleForMs: 1_000 }, false)).toThrow(TypeError);
    for (const whenIdleForMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkParkOptions({ whenIdleForMs }, true)).toThrow(RangeError);
    }
    expect(() => checkParkOptions({ whenIdleForMs: 1 }, true)).not.toThrow();
  });
});
