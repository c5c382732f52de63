import { isKnownStatus } from '../services/wire/fallbacks.js';
import type { CurrentNode, ExecutionState } from '../services/wire/records.js';
import { CLIENT_NODE_KINDS, type ClientNodeKind, nodeKindOf } from '../services/wire/vocabulary.js';
import type { FlowStep } from './types.js';

/** Node kinds the host answers; each is a step with its own child state of `tracking`. */
export const ANSWERABLE_KINDS = CLIENT_NODE_KINDS;
export type AnswerableKind = ClientNodeKind;

/** The steps a waiting node puts the flow in: the view shows the node there. */
export type NodeStep = 'screenCheck' | 'pendingReview' | 'unknownNode' | AnswerableKind;

/** The step a status answer sends the flow to. */
export type Route = Extract<
  FlowStep,
  NodeStep | 'polling' | 'completed' | 'failed' | 'timedOut' | 'cancelled'
>;

const answerable = new Set<string>(ANSWERABLE_KINDS);
const nodeSteps = new Set<string>([
  ...ANSWERABLE_KINDS,
  'screenCheck',
  'pendingReview',
  'unknownNode',
]);

/** Whether a node waits at this step (the view shows it). */
export const isNodeStep = (step: FlowStep): step is NodeStep => nodeSteps.has(step);

/** Terminal statuses, and the final step each ends the flow in. */
const FINAL = new Map<string, Route>([
  ['COMPLETED', 'completed'],
  ['FAILED', 'failed'],
  ['TIMEOUT', 'timedOut'],
  ['CANCELLED', 'cancelled'],
]);

/**
 * The vendor guide's dispatch table, as one pure function. A status the guide does not list
 * is not terminal: the flow keeps polling, as it does while RUNNING (or WAITING with no node:
 * nothing to act on).
 */
export function routeOf({ status, currentNode }: ExecutionState): Route {
  const final = FINAL.get(status);
  if (final) return final;
  if (!currentNode) return 'polling';
  if (status === 'WAITING') return routeOfNode(currentNode);
  const running = status === 'CREATED' || status === 'RUNNING';
  return running && nodeKindOf(currentNode.nodeType) === 'screenCheck' ? 'screenCheck' : 'polling';
}

/**
 * A waiting node: one the host answers, screening, manual review, or a type the client does
 * not know (its own step: nobody here can answer it, and it is not review either).
 */
export function routeOfNode(node: CurrentNode): NodeStep {
  const kind = nodeKindOf(node.nodeType);
  if (kind === 'screenCheck') return 'screenCheck';
  if (kind === 'manualReview') return 'pendingReview';
  if (kind !== undefined && answerable.has(kind)) return kind as AnswerableKind;
  return 'unknownNode';
}

/** Whether the status is one the guide does not list (reported once, polled like RUNNING). */
export const isUnknownStatus = (status: string): boolean => !isKnownStatus(status);
