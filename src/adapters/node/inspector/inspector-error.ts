import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';

export type InspectorFailure = 'PORT_IN_USE' | 'PACKAGE_MISSING';

/**
 * The run inspector cannot start: its port is taken, or the Stately inspector was asked
 * for without `@statelyai/inspect` installed. Nothing of the flow has run yet.
 */
export class InspectorError extends KycFlowError {
  override readonly name = 'InspectorError';
  readonly retryable = false;

  constructor(
    readonly code: `INSPECTOR_${InspectorFailure}`,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
