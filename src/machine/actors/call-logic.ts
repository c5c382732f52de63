import type { AnyActorRef, PromiseActorLogic, PromiseSnapshot } from 'xstate';
import { type Sleep, timerUntil } from './sleep.js';

/** What a running call may use. */
export interface CallScope {
  /**
   * Aborts when the actor is stopped. Made on first read, so that a call that never needs
   * it (a wait that ends, or is stopped, before any request) costs no AbortController.
   */
  readonly signal: AbortSignal;
  /** Resolves at `until` (epoch ms); a stop ends the wait, and the call with it. */
  sleep(until: number): Promise<void>;
  /** The flow's actor system: shared by every actor of one flow, and by nothing else. */
  readonly system: object;
}

export type Call<TOutput, TInput> = (input: TInput, scope: CallScope) => Promise<TOutput>;

// XState's own names for a promise actor's end and for a stop: private to XState, pinned
// against its `fromPromise` by test/machine/call-logic.test.ts, so an upgrade that renames
// them fails there. An inspector reads these calls as it reads promise actors.
export const RESOLVE = 'xstate.promise.resolve';
export const REJECT = 'xstate.promise.reject';
export const STOP = 'xstate.stop';

/**
 * The reason a stopped call's signal aborts with: made once, because `abort()` with no
 * reason builds a DOMException (and its stack) per stop. Nobody reads it: a stopped actor's
 * result is dropped.
 */
const STOPPED = new Error('kyc-flow: actor stopped');

const never = new Promise<never>(() => undefined);

/** How to stop each invocation in flight. */
const running = new WeakMap<AnyActorRef, () => void>();

/**
 * An invoked call (a gateway request, a wait) as a plain logic object: the done/error
 * semantics and the persisted snapshot of XState's `fromPromise` (a restored call in flight
 * runs again), minus its per-actor AbortController and the DOMException its stop builds.
 * A stop cancels the call's wait, and its request through the client's `signal` only if
 * the call had asked for one.
 */
export function fromCall<TOutput, TInput>(
  call: Call<TOutput, TInput>,
  sleep?: Sleep,
): PromiseActorLogic<TOutput, TInput> {
  return {
    transition: (snapshot, event, { self }) => {
      if (snapshot.status !== 'active') return snapshot;
      switch (event.type) {
        case RESOLVE:
          return { ...snapshot, status: 'done', output: event.data as TOutput, input: undefined };
        case REJECT:
          return { ...snapshot, status: 'error', error: event.data, input: undefined };
        case STOP:
          running.get(self)?.();
          running.delete(self);
          return { ...snapshot, status: 'stopped', input: undefined };
        default:
          return snapshot;
      }
    },
    start: (snapshot, { self, system }) => {
      if (snapshot.status !== 'active') return;
      // Made only when something needs them: a call that ends by itself stops nothing.
      let controller: AbortController | undefined;
      let cancelTimer: (() => void) | undefined;
      let stopped = false;
      running.set(self, () => {
        stopped = true;
        cancelTimer?.();
        controller?.abort(STOPPED);
      });
      const scope: CallScope = {
        system,
        get signal() {
          controller ??= new AbortController();
          if (stopped) controller.abort(STOPPED);
          return controller.signal;
        },
        // The host's own sleep (a browser's wakeable one) ends by the signal; the default one
        // is the same timer without a signal, cleared by the stop.
        sleep: (until) =>
          sleep
            ? sleep(until, scope.signal)
            : stopped
              ? never
              : new Promise((resolve) => {
                  cancelTimer = timerUntil(until, resolve);
                }),
      };
      const settle = (type: typeof RESOLVE | typeof REJECT) => (data: unknown) => {
        if (self.getSnapshot().status !== 'active') return;
        running.delete(self);
        self.send({ type, data });
      };
      Promise.resolve(call(snapshot.input as TInput, scope)).then(settle(RESOLVE), settle(REJECT));
    },
    getInitialSnapshot: (_, input): PromiseSnapshot<TOutput, TInput> => ({
      status: 'active',
      output: undefined,
      error: undefined,
      input,
    }),
    getPersistedSnapshot: (snapshot) => snapshot,
    restoreSnapshot: (snapshot) => snapshot as PromiseSnapshot<TOutput, TInput>,
  };
}
