import { readDecision } from '../../services/wire/fallbacks.js';
import type { ExecutionState } from '../../services/wire/records.js';
import type { FlowContext } from '../context.js';
import { errorOf, outputOf } from '../event-data.js';
import { toFlowError } from '../flow-error.js';
import type { FlowError, FlowOutcome } from '../types.js';
import { assignFlow, emitFlow } from './typed.js';

/** A final state: the outcome, from the execution or the error that ended the flow. */
export const settle = assignFlow(
  ({ context, event }, params: { status: FlowOutcome['status'] }) => {
    const cause = errorOf(event);
    // A status answer when the execution itself ended; nothing on a cancel or an error.
    const execution = outputOf<ExecutionState | undefined>(event);
    // The error that ended the flow. An execution that ended owes nothing to the flow's
    // trouble before it: a FAILED still showing the node whose input was refused, without an
    // error of its own, did not fail for that refusal (the gateway did not say so).
    const error = cause === undefined ? undefined : toFlowError(cause);
    const outcome = outcomeOf(params.status, context, execution, error);
    return { outcome, ...(error === undefined ? {} : { error }) };
  },
);

/** After `settle`: the outcome. */
export const tellOutcome = emitFlow(({ context }) => ({
  type: 'outcome' as const,
  outcome: context.outcome as FlowOutcome,
}));

function outcomeOf(
  status: FlowOutcome['status'],
  context: FlowContext,
  execution: ExecutionState | undefined,
  error: FlowError | undefined,
): FlowOutcome {
  const executionId = execution?.executionId ?? context.executionId;
  // The terminal answer's own result, never an earlier one: while a review waits, a gateway
  // may show its engine's verdict, and a COMPLETED without a result has not decided by it.
  const result = execution?.result;
  if (status === 'completed') {
    return {
      status,
      // Only what the gateway said at the end: no decision, or one we do not know, is UNKNOWN.
      decision: readDecision(result?.decision),
      executionId: executionId ?? '',
      ...(result ? { result } : {}),
    };
  }
  const reported = outcomeError(execution, error);
  return {
    status,
    ...(executionId === undefined ? {} : { executionId }),
    ...(reported ? { error: reported } : {}),
  };
}

/**
 * The execution's own error when it ended with one, every field it sent kept (a gateway's
 * `errorCode`, a `detail`: what support will ask for), else the flow's.
 */
function outcomeError(execution?: ExecutionState, error?: FlowError) {
  const raw = execution?.error ?? undefined;
  if (raw && Object.keys(raw).length) {
    return { ...raw, code: String(raw.code ?? 'EXECUTION_ERROR'), message: raw.message ?? '' };
  }
  if (!error) return undefined;
  return {
    code: error.code,
    message: error.message,
    ...(error.apiCode === undefined ? {} : { apiCode: error.apiCode }),
  };
}
