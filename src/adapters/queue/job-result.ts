import type { FlowOutcome } from '../../machine/index.js';
import { redactText } from '../../machine/index.js';
import type { OutcomeName } from './outcome.js';

/**
 * A flow job's return value: its outcome by name and what a dashboard shows of it. The
 * gateway's raw `result` stays out (it may hold personal data); the executionId finds it.
 */
export interface KycJobResult {
  readonly outcome: OutcomeName;
  readonly status: FlowOutcome['status'];
  readonly decision?: 'APPROVED' | 'REJECTED' | 'UNKNOWN';
  readonly executionId?: string;
  readonly error?: { readonly code: string; readonly message: string; readonly apiCode?: number };
}

export function jobResultOf(outcome: OutcomeName, final: FlowOutcome): KycJobResult {
  if (final.status === 'completed') {
    const { status, decision, executionId } = final;
    return { outcome, status, decision, executionId };
  }
  const { status, executionId, error } = final;
  return {
    outcome,
    status,
    ...(executionId !== undefined && { executionId }),
    ...(error && {
      error: {
        code: error.code,
        message: redactText(error.message),
        ...(error.apiCode !== undefined && { apiCode: error.apiCode }),
      },
    }),
  };
}
