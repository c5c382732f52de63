import type { FlowContext } from '../context.js';
import { errorOf } from '../event-data.js';
import { dispositionOf, retryAfterOf, toFlowError } from '../flow-error.js';
import type { FlowError } from '../types.js';
import { assignFlow, enqueueFlow } from './typed.js';

/**
 * The timing after a failed call: one more contract break in a row, or none; and this
 * failure's own `Retry-After`, or none (an earlier one asked for its own wait only), with
 * the time it names, before which that call is not made again.
 */
const afterTrouble = (context: FlowContext, cause: unknown): FlowContext['timing'] => {
  const retryAfterMs = retryAfterOf(cause);
  return {
    ...context.timing,
    contractBreaks:
      dispositionOf(cause) === 'contractBroken' ? (context.timing.contractBreaks ?? 0) + 1 : 0,
    retryAfterMs,
    notBefore: retryAfterMs === undefined ? undefined : Date.now() + retryAfterMs,
  };
};

/** Trouble that is nobody's input: the flow waits, keeping everything it collected. */
export const troubleActions = {
  suspend: enqueueFlow(
    ({ context, event, enqueue }, params: { resumeTo: FlowContext['resumeTo'] }) => {
      const cause = errorOf(event);
      const error = toFlowError(cause);
      const timing = afterTrouble(context, cause);
      enqueue.assign({
        error,
        resumeTo: params.resumeTo,
        timing: {
          ...timing,
          suspendedAt: Date.now(),
          suspensions: context.timing.suspensions + 1,
        },
      });
      enqueue.emit({
        type: 'suspended',
        error,
        ...(timing.notBefore === undefined ? {} : { notBefore: timing.notBefore }),
      });
    },
  ),
  /**
   * A call failed where the flow just looks again later (a watch): a broken answer counts,
   * and the look waits for the time a `Retry-After` named.
   */
  countContractBreak: assignFlow(({ context, event }) => ({
    timing: afterTrouble(context, errorOf(event)),
  })),
  /**
   * Nothing the flow can do by itself helps (its credentials refused, answers it cannot
   * read, a node that never acts on its answer): keep everything, say why (the failed
   * call's error, unless the chart names its own), wait for RETRY.
   */
  needAttention: enqueueFlow(
    (
      { context, enqueue, event },
      params: { resumeTo: FlowContext['resumeTo']; error?: FlowError },
    ) => {
      const error = params.error ?? toFlowError(errorOf(event));
      enqueue.assign({
        error,
        resumeTo: params.resumeTo,
        // RETRY reads afresh: a gateway still broken gets its few reads, and a node that
        // never moves on its few answers, again.
        timing: { ...context.timing, contractBreaks: 0, answers: 0, retryAfterMs: undefined },
      });
      enqueue.emit({ type: 'needsAttention', error });
    },
  ),
};
