import { isKnownStatus } from '../services/wire/fallbacks.js';
import type { CurrentNode, ExecutionState } from '../services/wire/records.js';
import {
  CLIENT_NODE_KINDS,
  type ClientNodeKind,
  NODE_TYPES,
  nodeKindOf,
} from '../services/wire/vocabulary.js';

/** Node kinds the host answers; each has its own child state of `tracking`. */
export const ANSWERABLE_KINDS = CLIENT_NODE_KINDS;
export type AnswerableKind = ClientNodeKind;

/** Where a status answer sends the chart. */
export type Route =
  | 'running'
  | 'screenCheck'
  | 'pendingReview'
  | 'unknownNode'
  | AnswerableKind
  | 'completed'
  | 'failed'
  | 'timedOut'
  | 'cancelled';

const answerable = new Set<string>(ANSWERABLE_KINDS);

/**
 * The vendor guide's dispatch table, as one pure function. A status the guide does not list
 * is not terminal: the flow keeps polling, as it does while RUNNING.
 */
export function routeOf(execution: ExecutionState): Route {
  const node = execution.currentNode ?? undefined;
  switch (execution.status) {
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'TIMEOUT':
      return 'timedOut';
    case 'CANCELLED':
      return 'cancelled';
    case 'CREATED':
    case 'RUNNING':
      return node?.nodeType === NODE_TYPES.screenCheck ? 'screenCheck' : 'running';
    case 'WAITING': {
      // WAITING without a node tells us nothing to act on: keep asking.
      if (!node) return 'running';
      return routeOfNode(node);
    }
    default:
      return 'running';
  }
}

/**
 * A waiting node: one the host answers, screening, manual review, or a type the client does
 * not know (its own state: nobody here can answer it, and it is not review either).
 */
export function routeOfNode(
  node: CurrentNode,
): 'screenCheck' | 'pendingReview' | 'unknownNode' | AnswerableKind {
  const kind = nodeKindOf(node.nodeType);
  if (kind === 'screenCheck') return 'screenCheck';
  if (kind === 'manualReview') return 'pendingReview';
  if (kind !== undefined && answerable.has(kind)) return kind as AnswerableKind;
  return 'unknownNode';
}

/** Whether the status is one the guide does not list (reported once, polled like RUNNING). */
export const isUnknownStatus = (status: string): boolean => !isKnownStatus(status);

export const isTerminalRoute = (route: Route) =>
  route === 'completed' || route === 'failed' || route === 'timedOut' || route === 'cancelled';
