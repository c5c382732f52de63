import { timerUntil } from '../../machine/actors/sleep.js';
import { CHART_ID, nodeState, POLLING } from '../../machine/chart/ids.js';
import type { FlowError, FlowView } from '../../machine/index.js';

/** A state path as views name it (`tracking.polling`), from the chart's absolute target. */
const pathOf = (target: string) => target.slice(`#${CHART_ID}.`.length);

/**
 * A node's own call that is no answer to it, and that no host answers again: the OCR
 * result's read. After a suspension the flow reads the status, and that read's good answer
 * clears the trouble before the failing read is made again. Back in the same state through
 * nothing but the poll, the trouble has not ended. (A document upload in trouble goes back
 * to the host, whose answers are counted: `maxAnswersPerNode`; a held answer's sends are
 * counted by `ResendWatch`.)
 */
const NODE_READS: ReadonlySet<string> = new Set([
  pathOf(nodeState('identityDocument', 'extracting')),
]);
const POLLING_STATE = pathOf(POLLING);

/**
 * Gives up on a flow that stays suspended too long. The trouble starts when the flow first
 * suspends and lasts until the gateway answers again (the flow clears its retryable error
 * then), across the flow's own retries in between; suspended from a node's own read
 * (`NODE_READS`), until that read is answered: a good status read between two of its tries
 * is not (else an OCR result the gateway never answers readably is read for ever).
 */
export class SuspensionWatch {
  readonly #maxSuspendedMs: number;
  readonly #onTooLong: (trouble: FlowError | undefined) => void;
  /** Cancels the armed deadline; a limit past a timer's range is waited out in steps. */
  #cancel: (() => void) | undefined;
  /** When the trouble lasts too long, once it began. */
  #deadline: number | undefined;
  /** The state the flow is in, and the one it came from (views repeat a state as it changes). */
  #current: string | undefined;
  #cameFrom: string | undefined;
  /** The node's own read the trouble began in, while it lasts. */
  #troubledRead: string | undefined;
  /** The trouble's last error: a good status read between two tries clears it from the view. */
  #trouble: FlowError | undefined;

  constructor(maxSuspendedMs: number, onTooLong: (trouble: FlowError | undefined) => void) {
    this.#maxSuspendedMs = maxSuspendedMs;
    this.#onTooLong = onTooLong;
  }

  /** Looks at the flow after each change. */
  observe(
    view: Pick<FlowView, 'step' | 'error'> & Partial<Pick<FlowView, 'state' | 'notBefore'>>,
  ): void {
    const { state } = view;
    if (state !== undefined && state !== this.#current) {
      this.#cameFrom = this.#current;
      this.#current = state;
    }
    if (view.step === 'suspended') {
      const from = this.#cameFrom;
      if (!this.#cancel && from !== undefined && NODE_READS.has(from)) this.#troubledRead = from;
      this.#trouble = view.error ?? this.#trouble;
      this.#deadline ??= Date.now() + this.#maxSuspendedMs;
      const deadline = this.#deadline;
      // The gateway named a time past the limit: sitting out the limit waits for nothing.
      if ((view.notBefore ?? 0) > deadline) {
        this.stop();
        this.#onTooLong(view.error);
        return;
      }
      this.#cancel ??= timerUntil(deadline, () => this.#onTooLong(this.#trouble));
    } else if (!view.error?.retryable && !this.#stillTrying(state)) {
      this.stop();
    }
  }

  /**
   * Trying the read the trouble began in again, or reading the status on the way back to it
   * from a suspension. Left to the poll by the read itself, it was answered: the trouble is over.
   */
  #stillTrying(state: string | undefined): boolean {
    const read = this.#troubledRead;
    if (read === undefined || state === undefined) return false;
    return state === read || (state === POLLING_STATE && this.#cameFrom === 'suspended');
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#deadline = undefined;
    this.#troubledRead = undefined;
    this.#trouble = undefined;
  }
}
