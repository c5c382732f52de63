import { describe, expect, it } from 'vitest';
import { advance, createExecution, type Execution } from '../../src/sandbox/execution.js';
import { resolveScenario } from '../../src/sandbox/scenarios.js';
import { createTiming } from '../../src/sandbox/timing.js';
import { driveGuideFlow, GUIDE_CUSTOMER } from './guide-flow.js';
import { harness, LONG } from './harness.js';
import type { RawClient } from './raw-client.js';

/** Every answer a client gets while driving the full flow, in order. */
async function transcript(seed: number) {
  const h = await harness({ seed });
  const answers: unknown[] = [];
  const recording: RawClient = {
    ...h.client,
    async data<T>(api: string, payload: unknown) {
      const data = await h.client.data<T>(api, payload);
      answers.push([api, data]);
      return data;
    },
  };
  try {
    const { final } = await driveGuideFlow(recording, GUIDE_CUSTOMER, h.wait);
    expect(final.status).toBe('COMPLETED');
    return { answers, stats: h.sandbox.stats() };
  } finally {
    await h.sandbox.close();
  }
}

describe('determinism under a seed', () => {
  it('the same seed and calls give the same ids, keys, timings and answers', async () => {
    const first = await transcript(42);
    const second = await transcript(42);
    expect(second.answers).toEqual(first.answers);
    expect(second.stats.executions).toEqual(first.stats.executions);
    const other = await transcript(43);
    expect(other.answers).not.toEqual(first.answers);
  });
});

describe('advance(execution, now)', () => {
  const start = Date.UTC(2026, 0, 1);
  const speedOne = createTiming(1);
  const make = (timing = speedOne): Execution =>
    createExecution({
      executionId: 'exec-1',
      customerId: 'C_1',
      referenceId: 'ref-1',
      scenario: resolveScenario({
        name: 'auto',
        steps: ['screenCheck', 'screenCheck', 'particulars'],
        outcome: 'APPROVED',
      }),
      timing,
      seed: 9,
      now: start,
    });

  it('is pure: the input is untouched, and nothing elapsed gives the same object', () => {
    const execution = make();
    const copy = structuredClone({ ...execution, timing: undefined });
    expect(advance(execution, start)).toBe(execution);
    const later = advance(execution, start + LONG);
    expect(later).not.toBe(execution);
    expect({ ...execution, timing: undefined }).toEqual(copy);
    expect(later.phase).toMatchObject({ kind: 'waiting' });
    expect(later.node?.nodeType).toBe('flow_action_individual_particular');
  });

  it('does not depend on how often anyone looks', () => {
    let polled = make();
    for (let t = start; t <= start + LONG; t += 97) polled = advance(polled, t);
    const once = advance(make(), start + LONG);
    expect(polled).toEqual(once);
  });

  it('divides every duration by speed', () => {
    const slow = make();
    const fast = make(createTiming(100));
    const firstGap = (e: Execution) => (e.phase.kind === 'running' ? e.phase.until - start : NaN);
    expect(firstGap(fast)).toBeCloseTo(firstGap(slow) / 100, 3);
    // The whole run too: at speed 100 it is over within a hundredth of speed 1's time.
    const settled = advance(slow, start + LONG);
    expect(advance(fast, start + LONG / 100)).toMatchObject({
      arms: settled.arms,
      node: { nodeType: 'flow_action_individual_particular' },
    });
  });
});
