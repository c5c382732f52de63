import type { FlowContext } from '../context.js';
import { errorOf } from '../event-data.js';
import { dispositionOf, retryAfterOf, toFlowError } from '../flow-error.js';
import type { FlowError } from '../types.js';
import { assignFlow, emitFlow } from './typed.js';

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
  suspend: assignFlow(({ context, event }, params: { resumeTo: FlowContext['resumeTo'] }) => {
    const cause = errorOf(event);
    return {
      error: toFlowError(cause),
      resumeTo: params.resumeTo,
      timing: {
        ...afterTrouble(context, cause),
        suspendedAt: Date.now(),
        suspensions: context.timing.suspensions + 1,
      },
    };
  }),
  /** After `suspend`: why, and the time the gateway named, if it did. */
  tellSuspended: emitFlow(({ context: { error, timing } }) => ({
    type: 'suspended' as const,
    error: error as FlowError,
    ...(timing.notBefore === undefined ? {} : { notBefore: timing.notBefore }),
  })),
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
  needAttention: assignFlow(
    ({ context, event }, params: { resumeTo: FlowContext['resumeTo']; error?: FlowError }) => ({
      error: params.error ?? toFlowError(errorOf(event)),
      resumeTo: params.resumeTo,
      // RETRY reads afresh: a gateway still broken gets its few reads, and a node that
      // never moves on its few answers, again.
      // So does an unlisted status: another full `maxUnknownStatusMs` before it stops again.
      timing: {
        ...context.timing,
        contractBreaks: 0,
        answers: 0,
        retryAfterMs: undefined,
        unlistedSince: undefined,
      },
    }),
  ),
  /** After `needAttention`: why. */
  tellNeedsAttention: emitFlow(({ context }) => ({
    type: 'needsAttention' as const,
    error: context.error as FlowError,
  })),
};
