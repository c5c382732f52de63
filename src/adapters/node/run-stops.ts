import {
  FLOW_CODES,
  type FlowError,
  type FlowStep,
  type FlowView,
  type KycFlow,
  toFlowError,
} from '../../machine/index.js';
import { KycFlowError } from '../../services/errors/kyc-flow-error.js';
import { ResponderError } from './responder-error.js';
import type { HeadlessResult } from './run-events.js';

/** Steps where someone other than the host answers the execution. */
export const isOthersTurn = (step: FlowStep): step is 'pendingReview' | 'unknownNode' =>
  step === 'pendingReview' || step === 'unknownNode';

/**
 * Where a run ends at this view, if it does: at a final state, where the flow needs
 * attention, and (when `othersTurnEnds`) at manual review or a node type it does not know.
 */
export function stopAt(view: FlowView, othersTurnEnds: boolean): HeadlessResult | undefined {
  const execution = view.executionId ? { executionId: view.executionId } : {};
  if (view.done) return view.outcome ?? { status: 'failed' };
  if (view.step === 'needsAttention' && view.error) {
    return { status: 'needsAttention', ...execution, error: view.error };
  }
  if (isOthersTurn(view.step) && othersTurnEnds) {
    return { status: view.step, ...execution, ...(view.node && { node: view.node }) };
  }
  return undefined;
}

/**
 * Calls `onAnswered` once the status read in flight when the flow was restored has answered
 * (a new poll replaced it, or the state moved on). A run resumed at manual review (or an
 * unknown node) asks the gateway once before it stops there again: the decision may have
 * come in since, else a later run could never pick it up. Returns the unsubscribe.
 */
export function whenRestoredPollAnswers(flow: KycFlow, onAnswered: () => void): () => void {
  const restoredPoll = flow.actor.getSnapshot().children.pollExecution;
  const subscription = flow.actor.subscribe((snapshot) => {
    if (snapshot.children.pollExecution === restoredPoll) return;
    subscription.unsubscribe();
    onAnswered();
  });
  return () => subscription.unsubscribe();
}

/** The run's end when the flow stayed suspended longer than the run allows. */
export const suspendedAt = (view: FlowView, trouble?: FlowError): HeadlessResult => {
  // Between two tries, a good status read has cleared the view's error: the trouble's stays.
  const error = view.error ?? trouble;
  return {
    status: 'suspended',
    ...(view.executionId && { executionId: view.executionId }),
    ...(error && { error }),
    ...(view.notBefore && { notBefore: view.notBefore }),
  };
};

/**
 * Where a run ends when the responder's own call to the gateway's side failed after the
 * client's retries (an upload to storage): storage that stays unreachable or keeps failing
 * is `suspended`; answers that break the contract, or credentials refused, need attention.
 * The flow is saved at its node, and a later run answers the node again. Anything else (a
 * profile that cannot answer, the responder's own bug) is not the run's to judge: undefined.
 */
export function responderTroubleAt(view: FlowView, error: unknown): HeadlessResult | undefined {
  if (!(error instanceof KycFlowError) || error instanceof ResponderError) return undefined;
  const flowError = toFlowError(error);
  const execution = view.executionId ? { executionId: view.executionId } : {};
  const { code } = flowError;
  if (code === FLOW_CODES.CONTRACT_BROKEN || code === FLOW_CODES.CREDENTIALS_REFUSED) {
    return { status: 'needsAttention', ...execution, error: flowError };
  }
  return flowError.retryable ? { status: 'suspended', ...execution, error: flowError } : undefined;
}
