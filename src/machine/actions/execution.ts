import type { CurrentNode, ExecutionState } from '../../services/wire/records.js';
import type { RegisterCustomerOutput } from '../actors/register-customer.js';
import type { StartWorkflowOutput } from '../actors/start-workflow.js';
import type { FlowContext } from '../context.js';
import { unlistedSince } from '../deadlines.js';
import { outputOf } from '../event-data.js';
import { isUnknownStatus, routeOf } from '../routing.js';
import { assignFlow, emitFlow } from './typed.js';

/** What the gateway said about the customer and the execution, kept and told. */
export const executionActions = {
  recordCustomer: assignFlow(({ context, event }) => ({
    customerId: outputOf<RegisterCustomerOutput>(event).customerId,
    resumeTo: 'starting' as const,
    timing: { ...context.timing, contractBreaks: 0 },
  })),
  recordStart: assignFlow(({ context, event }) => {
    const { executionId, status } = outputOf<StartWorkflowOutput>(event);
    return {
      executionId,
      status,
      resumeTo: 'tracking' as const,
      timing: {
        ...context.timing,
        lastSubmitAt: Date.now(),
        pollAttempts: 0,
        suspensions: 0,
        contractBreaks: 0,
      },
    };
  }),
  /**
   * A status answer, kept, with a status the guide does not list among those told (the
   * chart tells it once, where `unknownStatusNews`: `tellUnknownStatus`).
   */
  recordExecution: assignFlow(({ context, event }) => {
    const execution = outputOf<ExecutionState>(event);
    const { status } = execution;
    const told = context.unknownStatuses ?? [];
    return {
      ...recordExecution(context, execution),
      ...(isUnknownStatus(status) && !told.includes(status)
        ? { unknownStatuses: [...told, status] }
        : {}),
    };
  }),
  tellUnknownStatus: emitFlow(({ event }) => ({
    type: 'unknownStatus' as const,
    status: outputOf<ExecutionState>(event).status,
  })),
  announceNode: emitFlow(({ event }) => {
    const execution = outputOf<ExecutionState>(event);
    const node = execution.currentNode as CurrentNode;
    return { type: 'nodeWaiting' as const, node, step: routeOf(execution) };
  }),
  /**
   * A node nobody here answers (review, a type unknown): told once per node (the chart's
   * `nodeNews`), not on every slow poll.
   */
  announceWaiting: emitFlow(({ event }, params: { type: 'pendingReview' | 'unknownNode' }) => ({
    type: params.type,
    node: outputOf<ExecutionState>(event).currentNode as CurrentNode,
  })),
};

function recordExecution(context: FlowContext, execution: ExecutionState): Partial<FlowContext> {
  const node = execution.currentNode ?? undefined;
  const key = node?.callbackKey;
  const nodeChanged = key !== context.node?.callbackKey;
  // Only a node we have not seen is news; RUNNING after our own submission is not, so the
  // after-submit back-off keeps growing through it.
  const news = key !== undefined && nodeChanged;
  // Per-node data belongs to one callbackKey; a new node starts clean (the OCR result stays:
  // hosts prefill particulars from it).
  const keep = <T extends { callbackKey: string }>(slice: T | undefined) =>
    slice && slice.callbackKey === key ? slice : undefined;
  // An answer the node still waits for (one it took is kept too: `markSubmitted`)...
  const kept = keep(context.submission);
  // ...not taken yet: the trouble that held it back is not over, so its error stays and the
  // back-off keeps growing across the flow's resends.
  const held = kept && !context.answered.includes(kept.callbackKey);
  // So is an OCR result still being read: the good status read between two reads of it is
  // no answer to the read, so one the gateway never answers readably is not read for ever.
  const reading = held || keep(context.ocr)?.status === 'extracting';
  return {
    status: execution.status,
    node,
    otp: keep(context.otp),
    documents: keep(context.documents),
    forms: keep(context.forms),
    submission: kept,
    resumeTo: 'tracking',
    // A good answer means the trouble is over (unless an answer is still held back by it);
    // an input error stays until the node changes.
    error: nodeChanged || (context.error?.retryable && !held) ? undefined : context.error,
    timing: {
      ...context.timing,
      lastPollAt: Date.now(),
      pollAttempts: news ? 0 : context.timing.pollAttempts + 1,
      // An answer held back keeps its count of suspensions (the back-off grows) and of
      // unreadable answers to it: a good status read between two resends is no answer to
      // the submission, so one the gateway never answers readably is not resent for ever.
      ...(reading ? {} : { suspensions: 0, contractBreaks: 0 }),
      retryAfterMs: undefined,
      notBefore: undefined,
      unlistedSince: unlistedSince(context, execution),
    },
  };
}
