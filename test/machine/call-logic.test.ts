import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { fromCall } from '../../src/machine/actors/call-logic.js';

afterEach(() => {
  vi.useRealTimers();
});

const settled = (actor: {
  subscribe: (observer: object) => unknown;
  getSnapshot: () => { status: string };
}) =>
  new Promise<void>((resolve) => {
    if (actor.getSnapshot().status !== 'active') resolve();
    actor.subscribe({ complete: resolve, error: () => resolve() });
  });

describe('fromCall: an invoked call as a plain logic object', () => {
  it('ends done with the answer, or in error with the failure, like a promise actor', async () => {
    const done = createActor(
      fromCall(async (input: { n: number }) => input.n * 2),
      {
        input: { n: 21 },
      },
    ).start();
    const failing = createActor(
      fromCall(async () => {
        throw new Error('refused');
      }),
    );
    failing.subscribe({ error: () => undefined });
    failing.start();
    await Promise.all([settled(done), settled(failing)]);
    expect(done.getSnapshot()).toMatchObject({ status: 'done', output: 42 });
    expect(failing.getSnapshot()).toMatchObject({ status: 'error', error: new Error('refused') });
  });

  it('stopped during its wait, never calls and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const actor = createActor(
      fromCall(async (input: { until: number }, scope) => {
        await scope.sleep(input.until);
        calls.push(1);
      }),
      { input: { until: Date.now() + 60_000 } },
    ).start();
    expect(vi.getTimerCount()).toBe(1);
    actor.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toEqual([]);
    expect(actor.getSnapshot().status).toBe('stopped');
  });

  it('stopped during its request, aborts the signal the request was given', async () => {
    const signals: AbortSignal[] = [];
    const actor = createActor(
      fromCall(
        (_: undefined, { signal }) =>
          new Promise<never>((_resolve, reject) => {
            signals.push(signal);
            signal.addEventListener('abort', () => reject(signal.reason));
          }),
      ),
    ).start();
    expect(signals[0]?.aborted).toBe(false);
    actor.stop();
    expect(signals[0]?.aborted).toBe(true);
    expect(actor.getSnapshot().status).toBe('stopped');
  });

  it('waits through the host sleep, which a stop ends through its signal', async () => {
    const sleeps: { until: number; signal: AbortSignal | undefined }[] = [];
    const hostSleep = (until: number, signal?: AbortSignal) =>
      new Promise<void>(() => {
        sleeps.push({ until, signal });
      });
    const actor = createActor(
      fromCall(async (input: { until: number }, scope) => scope.sleep(input.until), hostSleep),
      { input: { until: 1234 } },
    ).start();
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]?.until).toBe(1234);
    actor.stop();
    expect(sleeps[0]?.signal?.aborted).toBe(true);
  });

  it('a call in flight when persisted runs again once restored', async () => {
    const inputs: unknown[] = [];
    const logic = fromCall(async (input: { key: string }) => {
      inputs.push(input);
      return new Promise<string>(() => undefined);
    });
    const first = createActor(logic, { input: { key: 'kyc:1' } }).start();
    const persisted = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    const again = createActor(logic, { input: { key: 'unused' }, snapshot: persisted }).start();
    expect(inputs).toEqual([{ key: 'kyc:1' }, { key: 'kyc:1' }]);
    expect(again.getSnapshot().status).toBe('active');
    again.stop();
  });
});
