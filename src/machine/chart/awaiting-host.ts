import type { AnswerableKind } from '../routing.js';
import type { HostEventType } from '../types.js';
import { pollingState } from './poll-states.js';

/**
 * A state of a node where the host has the turn: it expects `expects` (its `meta`, which the
 * view shows), and watches the execution meanwhile in case it ends or moves on.
 */
export const awaitingHost = (
  kind: AnswerableKind,
  state: string,
  expects: readonly HostEventType[],
) => ({
  ...watch(kind, state),
  meta: { expects },
});

/** The watch alone: at the host's pace, staying in `state` while the node still waits. */
export const watch = (kind: AnswerableKind, ...state: string[]) =>
  pollingState('awaitingHost', kind, ...state);
