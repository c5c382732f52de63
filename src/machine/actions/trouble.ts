import type { FlowContext } from '../context.js';
import { errorOf } from '../event-data.js';
import { dispositionOf, retryAfterOf, toFlowError } from '../flow-error.js';
import { assignFlow, enqueueFlow } from './typed.js';

/** The timing after a failed call: one more contract break in a row, or none. */
const countBreak = (context: FlowContext, cause: unknown): FlowContext['timing'] => ({
  ...context.timing,
  contractBreaks:
    dispositionOf(cause) === 'contractBroken' ? (context.timing.contractBreaks ?? 0) + 1 : 0,
});

/** Trouble that is nobody's input: the flow waits, keeping everything it collected. */
export const troubleActions = {
  suspend: enqueueFlow(
    ({ context, event, enqueue }, params: { resumeTo: FlowContext['resumeTo'] }) => {
      const cause = errorOf(event);
      const error = toFlowError(cause);
      const retryAfterMs = retryAfterOf(cause);
      enqueue.assign({
        error,
        resumeTo: params.resumeTo,
        timing: {
          ...countBreak(context, cause),
          suspendedAt: Date.now(),
          suspensions: context.timing.suspensions + 1,
          // This suspension's own hint, or none: an earlier one asked for its own wait only.
          retryAfterMs,
        },
      });
      enqueue.emit({ type: 'suspended', error });
    },
  ),
  /** A call failed where the flow just looks again later (a watch): a broken answer counts. */
  countContractBreak: assignFlow(({ context, event }) => ({
    timing: countBreak(context, errorOf(event)),
  })),
  /**
   * Nothing the flow can do by itself helps (its credentials refused, answers it cannot
   * read): keep everything, say why, wait for RETRY.
   */
  needAttention: enqueueFlow(
    ({ context, enqueue, event }, params: { resumeTo: FlowContext['resumeTo'] }) => {
      const error = toFlowError(errorOf(event));
      enqueue.assign({
        error,
        resumeTo: params.resumeTo,
        // RETRY reads afresh: a gateway still broken gets its few reads again.
        timing: { ...context.timing, contractBreaks: 0, retryAfterMs: undefined },
      });
      enqueue.emit({ type: 'needsAttention', error });
    },
  ),
};
