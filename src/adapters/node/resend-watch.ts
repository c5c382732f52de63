import { CHART_ID, sendingState } from '../../machine/chart/ids.js';
import { FLOW_CODES, type FlowView } from '../../machine/index.js';
import { ANSWERABLE_KINDS } from '../../machine/routing.js';
import { ResponderError } from './responder-error.js';
import { GAVE_UP_ON_NODE } from './responder-queue.js';
import type { HeadlessResult } from './run-events.js';
import { codeSuperseded } from './superseded-code.js';

/**
 * The code of a run that gave up on a node whose answer the gateway never took, or took
 * and never acted on (the chart's own stop, `FLOW_CODES.ANSWER_NOT_TAKEN`).
 */
export const ANSWER_NOT_TAKEN = FLOW_CODES.ANSWER_NOT_TAKEN;

/**
 * Sends of one node's answer a run lets go by without the gateway taking it: the host's
 * answer and the flow's own resends of it (after a suspension, or a gateway that says the
 * node no longer waits while its status says it does), answers given again after a refusal
 * included. The run gives up as the next one starts (which may or may not go out before the
 * stop: it is idempotent), and saves the flow sending it: a later run sends it again.
 */
export const DEFAULT_MAX_SENDS_PER_NODE = 9;

/** Where a run ends when a node's answers `went` (out so many times) and it still waits. */
const notTaken = (view: FlowView, went: string): HeadlessResult => ({
  status: 'needsAttention',
  ...(view.executionId && { executionId: view.executionId }),
  error: {
    code: ANSWER_NOT_TAKEN,
    message: `the answer to ${view.node?.nodeType ?? 'the node'} ${went} and the gateway still shows the node waiting for it${view.error ? ` (last: ${view.error.message})` : ''}`,
    retryable: false,
  },
});

/**
 * A responder that gave up on a node (`maxAnswersPerNode`) while the flow shows passing
 * trouble or answers it cannot read, or after the gateway `took` every answer it was given
 * (apiCode 200) and showed the node waiting again all the same (under a new callbackKey
 * each time), or kept refusing an OTP code's requestId as superseded by a resend
 * (`codeSuperseded`): the gateway did not act on the answers, no fault of the profile. A
 * node refused for its input, or a wrong code, stays the profile's.
 */
export const answersNotTakenAt = (
  view: FlowView,
  error: unknown,
  answers: number,
  took = false,
): HeadlessResult | undefined => {
  if (!(error instanceof ResponderError && error.field === GAVE_UP_ON_NODE)) return undefined;
  if (took) return notTaken(view, `was taken ${answers} times, each under a new callbackKey,`);
  // A code superseded again and again was never checked: the gateway's doing, not the profile's.
  const gateways = view.error?.retryable || codeSuperseded(view.error);
  return gateways ? notTaken(view, `was given ${answers} times`) : undefined;
};

/** The states a node's answer is sent from, as the chart names them (`sendingState`). */
const SENDING: ReadonlySet<string> = new Set(
  ANSWERABLE_KINDS.map((kind) => sendingState(kind).slice(`#${CHART_ID}.`.length)),
);

/**
 * Gives up on a node whose answer keeps going out while the gateway keeps the node waiting:
 * counts the times the flow enters a sending state for the same node (its callbackKey), and
 * calls `onTooMany` with the run's end once that passes the limit. A flow in a browser
 * keeps trying with a growing back-off; a run in Node ends, saved, for a later run to send
 * the answer again.
 */
export class ResendWatch {
  readonly #maxSends: number;
  readonly #onTooMany: (end: HeadlessResult) => void;
  #node: string | undefined;
  #state: string | undefined;
  #sends = 0;

  constructor(maxSends: number, onTooMany: (end: HeadlessResult) => void) {
    this.#maxSends = maxSends;
    this.#onTooMany = onTooMany;
  }

  /** Looks at the flow after each change. */
  observe(view: FlowView): void {
    // A view without a node (suspended) is still at the node it left.
    const key = view.node?.callbackKey ?? this.#node;
    if (key !== this.#node) {
      this.#node = key;
      this.#sends = 0;
    }
    const entered = view.state !== this.#state;
    this.#state = view.state;
    if (!entered || !SENDING.has(view.state)) return;
    this.#sends += 1;
    if (this.#sends <= this.#maxSends) return;
    this.#onTooMany(notTaken(view, `went out ${this.#maxSends} times`));
  }
}
