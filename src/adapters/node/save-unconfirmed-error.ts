import type { FlowStep, PersistedFlow } from '../../machine/index.js';
import { KycFlowError } from '../../services/errors/kyc-flow-error.js';

/** How long a stopped run waits for its last save before it ends without it. */
export const ABORT_SAVE_WAIT_MS = 5_000;

/** Where the flow stood when its run was stopped. */
export interface FlowStanding {
  readonly step: FlowStep;
  readonly state: string;
  readonly referenceId: string;
  readonly executionId?: string;
}

/**
 * A run stopped by its signal whose last save the store had not confirmed `ABORT_SAVE_WAIT_MS`
 * later (Redis gone, a store that hangs): the store holds this flow or an earlier save of it,
 * and may still take the save. Nothing is lost: `standing` says where the flow stood, and
 * `persisted` is the flow itself, to save again (or resume from) once the store answers.
 * `cause` is the signal's reason.
 */
export class SaveUnconfirmedError extends KycFlowError {
  override readonly name = 'SaveUnconfirmedError';
  readonly code = 'SAVE_UNCONFIRMED';
  readonly retryable = true;
  // Kept off the error's own properties: it holds personal data, and errors get logged whole.
  readonly #persisted: PersistedFlow;

  constructor(
    readonly key: string,
    readonly standing: FlowStanding,
    persisted: PersistedFlow,
    options: { cause?: unknown },
  ) {
    const execution = standing.executionId ? ` (execution ${standing.executionId})` : '';
    super(
      `snapshot ${JSON.stringify(key)}: the run was stopped at ${standing.step}${execution} and its last save was not confirmed within ${ABORT_SAVE_WAIT_MS} ms: the store holds this flow or an earlier save of it; error.persisted is the flow as it stood, to save again once the store answers`,
      options,
    );
    this.#persisted = persisted;
  }

  /** The flow as it stood when the run stopped. */
  get persisted(): PersistedFlow {
    return this.#persisted;
  }
}
