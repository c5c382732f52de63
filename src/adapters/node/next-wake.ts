import type { PersistedFlow } from './snapshot-store.js';

/**
 * The input fields that carry a wait's deadline (epoch ms): a poll's `notBefore` (status or
 * OCR read), a back-off's or a cooldown's `until`. The chart keeps its waits in actors whose
 * input holds the deadline, so a persisted flow says when it next acts by itself.
 */
const DEADLINE_FIELDS = ['notBefore', 'until'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The deadline in an actor's input, if the actor is a wait. */
function deadlineOf(input: unknown): number | undefined {
  if (!isRecord(input)) return undefined;
  for (const field of DEADLINE_FIELDS) {
    const value = input[field];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/**
 * When a persisted flow next acts by itself (epoch ms): the earliest deadline among its
 * running actors. `undefined` when an actor works now without a deadline (a submission, a
 * registration in flight), or when none runs (a final state, a flow that waits for RETRY).
 * A deadline already past means a read is due or under way.
 */
export function nextWakeAt(persisted: PersistedFlow): number | undefined {
  const snapshot = persisted.snapshot;
  const children = isRecord(snapshot) && isRecord(snapshot.children) ? snapshot.children : {};
  let earliest: number | undefined;
  for (const child of Object.values(children)) {
    const state = isRecord(child) ? child.snapshot : undefined;
    if (!isRecord(state) || state.status !== 'active') continue;
    const deadline = deadlineOf(state.input);
    if (deadline === undefined) return undefined;
    earliest = earliest === undefined ? deadline : Math.min(earliest, deadline);
  }
  return earliest;
}
