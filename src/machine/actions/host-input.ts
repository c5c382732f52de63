import { type HeldEvent, nodeName } from '../context.js';
import { errorOf } from '../event-data.js';
import { toFlowError } from '../flow-error.js';
import { toStatePath } from '../to-state-path.js';
import type { FlowError } from '../types.js';
import { assignFlow, emitFlow } from './typed.js';

/** The host's input: held until the gateway takes it, refused with a reason, or ignored. */
export const hostInputActions = {
  /**
   * The host's input (or its timing) was refused: say why, stay put. The reason is the
   * params' code and message, else the error of the actor that failed.
   */
  reject: assignFlow(({ event }, params?: { code: string; message: string }) => ({
    error: params ? { ...params, retryable: false } : toFlowError(errorOf(event)),
    submission: undefined,
  })),
  /** After `reject` (or `lockOtp`): the error it kept. */
  tellError: emitFlow(({ context }) => ({
    type: 'error' as const,
    error: context.error as FlowError,
  })),
  /** The host's answer, held until the gateway takes it (see `FlowContext.submission`). */
  holdSubmission: assignFlow(({ context, event }) => ({
    submission: { callbackKey: context.node?.callbackKey ?? '', event: event as HeldEvent },
  })),
  reportIgnored: emitFlow(({ event, self }) => ({
    type: 'eventIgnored' as const,
    eventType: event.type,
    state: toStatePath((self.getSnapshot() as { value?: unknown } | undefined)?.value),
  })),
  /** A successful submission: the next node usually appears soon, so poll fast. */
  markSubmitted: assignFlow(({ context: { node, answered, submission, timing } }) => {
    const key = node?.callbackKey;
    // Taken before: this was the answer sent once more, which is not sent again.
    const again = key === undefined || answered.includes(key);
    const to = nodeName(node);
    return {
      answered: again ? answered : [...answered, key],
      // Kept, to go once more should the node never move on (`resubmitFor`).
      submission: again ? undefined : submission,
      error: undefined,
      timing: {
        ...timing,
        lastSubmitAt: Date.now(),
        pollAttempts: 0,
        ...(!again && {
          answersTo: to,
          answers: to === timing.answersTo ? (timing.answers ?? 0) + 1 : 1,
        }),
      },
    };
  }),
  /**
   * RETAKE, or a refusal that may be of a repeat (`resent`): the node is re-armed soon, or
   * may have moved on; look for it at the after-submit pace, the trouble cleared. The
   * customer's retakes are no gateway ignoring answers: they are not counted (`answersSpent`).
   */
  expectNode: assignFlow(({ context }) => ({
    error: undefined,
    timing: { ...context.timing, lastSubmitAt: Date.now(), pollAttempts: 0, answers: 0 },
  })),
};
