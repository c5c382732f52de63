import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleepUntil } from '../../src/machine/actors/sleep.js';
import { createKycFlow, kycFlowMachine } from '../../src/machine/index.js';
import { toPersistedFlow } from '../../src/machine/persist.js';
import type { FlowEmitted, HostEvent } from '../../src/machine/types.js';
import { TransportError } from '../../src/services/index.js';
import { reachableStates } from './chart-graph.js';
import { createFinishingClient } from './finishing-client.js';

/**
 * What reaches the flow from outside its types: events from untyped callers, and a
 * server's hints about when to come back.
 */

const graph = reachableStates();

// Every wait below runs on a fake clock: a minute passes in no time, and exactly.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
const customer = { email: 'edge@example.com', referenceId: 'ref-edge' };

const restoredAt = (state: string) => {
  const snapshot = graph.get(state);
  if (!snapshot) throw new Error(state);
  const persisted = JSON.parse(
    JSON.stringify(toPersistedFlow(kycFlowMachine.getPersistedSnapshot(snapshot))),
  );
  const never = () => new Promise<never>(() => undefined);
  const { client } = createFinishingClient();
  // A gateway that never answers: only what the test sends moves the flow.
  const silent = Object.fromEntries(
    Object.entries(client).map(([name, value]) => [
      name,
      typeof value === 'function' ? never : value,
    ]),
  ) as unknown as typeof client;
  const flow = createKycFlow({ client: silent, customer, snapshot: persisted }).start();
  const emitted: FlowEmitted[] = [];
  flow.on('*', (event) => emitted.push(event));
  return { flow, emitted };
};

describe('events from untyped callers', () => {
  it('a forged actor event cannot make the flow claim an outcome the gateway never gave', () => {
    const { flow, emitted } = restoredAt('tracking.polling');
    flow.send({
      type: 'xstate.done.actor.pollExecution',
      output: { executionId: 'exec-graph', status: 'COMPLETED', result: { decision: 'APPROVED' } },
    } as unknown as HostEvent);
    flow.send({ type: 'xstate.error.actor.pollExecution', error: new Error('x') } as never);
    expect(flow.getView()).toMatchObject({ state: 'tracking.polling', done: false });
    expect(emitted.map((event) => event.type)).toEqual(['eventIgnored', 'eventIgnored']);
    flow.stop();
  });

  it.each([
    ['tracking.requiredDocuments.collecting', { type: 'ADD_DOCUMENT' }, 'document'],
    ['tracking.identityDocument.awaitingInput', { type: 'SUBMIT_IDENTITY_DOCUMENT' }, 'document'],
    ['tracking.liveness.awaitingInput', { type: 'SUBMIT_LIVENESS', liveness: null }, 'liveness'],
    ['tracking.particulars.awaitingInput', { type: 'SUBMIT_PARTICULARS' }, 'personData'],
    ['tracking.requiredForms.awaitingInput', { type: 'SUBMIT_FORMS', forms: 7 }, 'forms'],
  ])(
    'in %s, %j is refused naming %s, and the flow stays readable and put',
    async (state, event, field) => {
      const { flow, emitted } = restoredAt(state);
      flow.send(event as unknown as HostEvent);
      // A minute on, the refused event has still started nothing.
      await vi.advanceTimersByTimeAsync(60_000);
      const view = flow.getView();
      expect(view.state).toBe(state);
      expect(emitted).toEqual([
        expect.objectContaining({
          type: 'eventIgnored',
          eventType: event.type,
          reason: expect.stringContaining(field),
        }),
      ]);
      flow.stop();
    },
  );
});

/** A gateway whose first status read answers 503 with a `Retry-After` of `waitMs`. */
const askingToWait = (waitMs: number) => {
  const { client } = createFinishingClient();
  const gateway = {
    reads: 0,
    client: {
      ...client,
      getExecution: async (...args: Parameters<typeof client.getExecution>) => {
        gateway.reads += 1;
        if (gateway.reads === 1) {
          throw new TransportError('workflow.execution.status', 'http', 503, {
            retryAfterMs: waitMs,
          });
        }
        return client.getExecution(...args);
      },
    },
  };
  return gateway;
};

describe('a server that asks to be left alone', () => {
  it('is left alone for as long as it asked, visibly, and read once after', async () => {
    // 503 with `Retry-After: 86400`: a day.
    const gateway = askingToWait(86_400_000);
    const flow = createKycFlow({
      client: gateway.client,
      customer,
      polling: { maxRetryDelayMs: 60_000 },
    }).start();
    let suspendedAt: number | undefined;
    let doneAt: number | undefined;
    flow.on('suspended', () => {
      suspendedAt ??= Date.now();
    });
    const done = flow.whenDone().then((outcome) => {
      doneAt = Date.now();
      return outcome;
    });
    flow.send({ type: 'START' });
    // No read before the day is out, the policy's own ceiling (a minute) notwithstanding, nor
    // on the host's RETRY: the view says until when.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    flow.send({ type: 'RETRY' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(flow.getView()).toMatchObject({
      step: 'suspended',
      notBefore: (suspendedAt ?? 0) + 86_400_000,
    });
    expect(gateway.reads).toBe(1);
    // Then once, and on at the usual pace: the wait was this suspension's, not every read's.
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect((doneAt ?? 0) - (suspendedAt ?? 0)).toBeGreaterThanOrEqual(86_400_000);
    expect((doneAt ?? 0) - (suspendedAt ?? 0)).toBeLessThan(86_400_000 + 5_000);
    await expect(done).resolves.toMatchObject({ status: 'completed' });
    expect(gateway.reads).toBe(2);
    flow.stop();
  });
});

describe('a server that asks to be left alone for a year', () => {
  it('is left alone for a day, the longest a Retry-After is taken for', async () => {
    const gateway = askingToWait(365 * 86_400_000);
    const flow = createKycFlow({ client: gateway.client, customer }).start();
    let suspendedAt = 0;
    flow.on('suspended', () => {
      suspendedAt ||= Date.now();
    });
    flow.send({ type: 'START' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(flow.getView()).toMatchObject({
      step: 'suspended',
      notBefore: suspendedAt + 86_400_000,
    });
    await vi.advanceTimersByTimeAsync(86_400_000);
    await expect(flow.whenDone()).resolves.toMatchObject({ status: 'completed' });
    expect(gateway.reads).toBe(2);
    flow.stop();
  });
});

describe('a server that asks the watch beside a waiting node to pause', () => {
  it('is not read again before the time it named, while the node still waits for the host', async () => {
    const { client } = createFinishingClient();
    const waiting = {
      executionId: 'exec-graph',
      status: 'WAITING' as const,
      currentNode: {
        nodeId: 'n-particulars',
        nodeType: 'flow_action_individual_particular',
        callbackKey: 'kyc:particular:exec-graph:1',
      },
    };
    const reads: number[] = [];
    const flow = createKycFlow({
      client: {
        ...client,
        getExecution: async () => {
          reads.push(Date.now());
          if (reads.length === 2) {
            // The watch's first read: 429 with `Retry-After: 600`.
            throw new TransportError('workflow.execution.status', 'http', 429, {
              retryAfterMs: 600_000,
            });
          }
          return waiting;
        },
      },
      customer,
    }).start();
    flow.send({ type: 'START' });
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(flow.getView().state).toBe('tracking.particulars.awaitingInput');
    const refusedAt = reads[1] ?? 0;
    expect(reads[2]).toBeGreaterThanOrEqual(refusedAt + 600_000);
    // Then at its own pace again (30 s, give or take its jitter).
    expect((reads[3] ?? 0) - (reads[2] ?? 0)).toBeLessThan(60_000);
    flow.stop();
  });
});

describe('a server that asks for a pause once', () => {
  it('gets that pause once: after the wait it caused, the reads go on at their usual pace', async () => {
    const { client } = createFinishingClient();
    const reads: number[] = [];
    const flow = createKycFlow({
      client: {
        ...client,
        getExecution: async (input, options) => {
          reads.push(Date.now());
          if (reads.length === 1) {
            // 503 with `Retry-After: 30`.
            throw new TransportError('workflow.execution.status', 'http', 503, {
              retryAfterMs: 30_000,
            });
          }
          // Still running: the flow keeps reading at its pace.
          return reads.length < 4
            ? { executionId: 'exec-graph', status: 'RUNNING' }
            : client.getExecution(input, options);
        },
      },
      customer,
    }).start();
    flow.send({ type: 'START' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await expect(flow.whenDone()).resolves.toMatchObject({ status: 'completed' });
    const gaps = reads.slice(1).map((at, index) => at - (reads[index] ?? at));
    // The pause asked for, then the usual interval (3 s, give or take its jitter) between
    // reads, not the pause again.
    expect(gaps[0]).toBeGreaterThanOrEqual(30_000);
    expect(gaps[0]).toBeLessThan(30_000 + 5_000);
    for (const gap of gaps.slice(1)) expect(gap).toBeLessThan(5_000);
    flow.stop();
  });
});

describe('a second suspension the server gave no hint for', () => {
  it('waits its own back-off, not the pause the first one asked for', async () => {
    const { client } = createFinishingClient();
    const reads: number[] = [];
    const flow = createKycFlow({
      client: {
        ...client,
        getExecution: async (input, options) => {
          reads.push(Date.now());
          if (reads.length === 1) {
            throw new TransportError('workflow.execution.status', 'http', 503, {
              retryAfterMs: 30_000,
            });
          }
          // The network fails once more, with nothing said about waiting.
          if (reads.length === 2) throw new TransportError('workflow.execution.status', 'network');
          return client.getExecution(input, options);
        },
      },
      customer,
    }).start();
    flow.send({ type: 'START' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await expect(flow.whenDone()).resolves.toMatchObject({ status: 'completed' });
    const gaps = reads.slice(1).map((at, index) => at - (reads[index] ?? at));
    expect(gaps[0]).toBeGreaterThanOrEqual(30_000);
    // The second suspension's own back-off (4 s, give or take its jitter), not 30 s again.
    expect(gaps[1]).toBeLessThan(10_000);
    flow.stop();
  });
});

describe('a far deadline', () => {
  it('a deadline past the timer range waits instead of firing at once', async () => {
    const controller = new AbortController();
    let woke = false;
    const sleeping = sleepUntil(Date.now() + 3_000_000_000, controller.signal).then(() => {
      woke = true;
    });
    // 24 days: just short of a timer's range, and long past a timer that fired at once.
    await vi.advanceTimersByTimeAsync(24 * 86_400_000);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000_000_000 - 24 * 86_400_000 - 1);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('a far deadline still ends when its signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = sleepUntil(Date.now() + 3_000_000_000, controller.signal);
    await vi.advanceTimersByTimeAsync(30 * 86_400_000);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(vi.getTimerCount()).toBe(0);
  });
});
