import { afterEach, describe, expect, it, vi } from 'vitest';
import { type AnyActorLogic, createActor, createMachine, fromPromise } from 'xstate';
import { fromCall, REJECT, RESOLVE, STOP } from '../../src/machine/actors/call-logic.js';

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

/**
 * `fromCall` is XState's promise actor without its per-actor AbortController: it relies on
 * names and shapes private to XState. Each is checked here against XState's own
 * `fromPromise`, so that an upgrade that changes one fails loudly instead of leaving calls
 * that never end.
 */
describe("fromCall keeps to XState's own promise actor", () => {
  /** XState's promise logic, noting every event it is given. */
  const spiedPromise = <T>(create: () => Promise<T>) => {
    const seen: string[] = [];
    const logic = fromPromise(create);
    const spied: typeof logic = {
      ...logic,
      transition: (snapshot, event, scope) => {
        seen.push(event.type);
        return logic.transition(snapshot, event, scope);
      },
    };
    return { logic: spied, seen };
  };

  const run = async (logic: AnyActorLogic, input: unknown) => {
    const actor = createActor(logic, { input });
    actor.subscribe({ error: () => undefined });
    const initial = actor.getSnapshot();
    actor.start();
    const persisted = actor.getPersistedSnapshot();
    await settled(actor);
    return { initial, persisted, final: actor.getSnapshot() };
  };

  it('names its end and its stop as XState does', async () => {
    const resolves = spiedPromise(async () => 1);
    const rejects = spiedPromise(async () => {
      throw new Error('refused');
    });
    const stops = spiedPromise(() => new Promise<never>(() => undefined));
    await run(resolves.logic, undefined);
    await run(rejects.logic, undefined);
    createActor(stops.logic).start().stop();
    expect(resolves.seen).toContain(RESOLVE);
    expect(rejects.seen).toContain(REJECT);
    expect(stops.seen).toContain(STOP);
  });

  it('has the snapshots of a promise actor: active, done, error, stopped, persisted', async () => {
    const input = { key: 'kyc:1' };
    const answer = async () => ({ requestId: 'r-1' });
    const failure = new Error('refused');
    const refuse = async () => {
      throw failure;
    };
    expect(await run(fromCall(answer), input)).toEqual(await run(fromPromise(answer), input));
    expect(await run(fromCall(refuse), input)).toEqual(await run(fromPromise(refuse), input));
    const hang = () => new Promise<never>(() => undefined);
    const ours = createActor(fromCall(hang), { input }).start();
    const theirs = createActor(fromPromise(hang), { input }).start();
    expect(ours.getPersistedSnapshot()).toEqual(theirs.getPersistedSnapshot());
    ours.stop();
    theirs.stop();
    expect(ours.getSnapshot()).toEqual(theirs.getSnapshot());
  });

  it('ends an invoking state through onDone and onError, as a promise actor does', async () => {
    const outcomes = await Promise.all(
      [
        (call: () => Promise<string>) => fromCall(call),
        (call: () => Promise<string>) => fromPromise(call),
      ].flatMap((make) =>
        [async () => 'answer', async () => Promise.reject(new Error('refused'))].map((call) => {
          const machine = createMachine({
            initial: 'calling',
            states: {
              calling: {
                invoke: {
                  src: make(call),
                  onDone: 'done',
                  onError: 'failed',
                },
              },
              done: { type: 'final' },
              failed: { type: 'final' },
            },
          });
          const actor = createActor(machine).start();
          return settled(actor).then(() => actor.getSnapshot().value);
        }),
      ),
    );
    expect(outcomes).toEqual(['done', 'failed', 'done', 'failed']);
  });
});
