import type { PersistedFlow } from '../../machine/types.js';

/**
 * Saves to the proxy one at a time, the latest snapshot winning: a save waits for the one
 * on the wire, and of those that queued meanwhile only the last is sent. A snapshot the
 * same as the last one sent is not sent again.
 */
export const keptSaves = (send: (flow: PersistedFlow) => Promise<void>) => {
  let last: string | undefined;
  let pending: PersistedFlow | undefined;
  let running: Promise<void> | undefined;
  const run = async () => {
    while (pending) {
      const flow = pending;
      pending = undefined;
      await send(flow);
    }
    running = undefined;
  };
  return {
    write(flow: PersistedFlow) {
      const text = JSON.stringify(flow);
      if (text === last) return;
      last = text;
      pending = flow;
      running ??= run();
    },
    /** Resolves once everything written so far is sent (or failed). */
    flush: async () => {
      await running;
    },
    /** Forgets what was sent: the next write goes whatever it holds. */
    reset() {
      last = undefined;
      pending = undefined;
    },
  };
};

/** The execution a snapshot belongs to, once it has one. */
export const executionIdOf = (flow: PersistedFlow): string | undefined => {
  const { context } = flow.snapshot as { context?: { executionId?: unknown } };
  return typeof context?.executionId === 'string' ? context.executionId : undefined;
};

/** Whether a snapshot is of a flow that has its outcome (`endedFlow`). */
export const hasEnded = (flow: PersistedFlow): boolean =>
  (flow.snapshot as { status?: unknown }).status === 'done';
