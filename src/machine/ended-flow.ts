import type { FlowContext } from './context.js';
import type { FlowOutcome, PersistedFlow } from './types.js';

/** The context a saved flow keeps at its outcome: enough to tell it again, nothing personal. */
const KEPT: readonly (keyof FlowContext)[] = [
  'referenceId',
  'customerId',
  'executionId',
  'status',
  'answered',
  'timing',
  'resumeTo',
  'polling',
];

/**
 * What a saved flow keeps once it has its outcome: the final state, the execution and the
 * outcome, with no personal data (no contact, nothing the OCR read, no node, answer or OTP
 * in progress, not the gateway's `result`). Restored, it tells that outcome and sends
 * nothing, where without it a reload or a rerun would onboard the customer afresh: a
 * second start, a second execution. `customer` is what the record says of its customer
 * (nothing unless told).
 */
export function endedFlow(persisted: PersistedFlow, customer: object = {}): PersistedFlow {
  const { context, ...rest } = persisted.snapshot as { context: FlowContext };
  const kept: Record<string, unknown> = {};
  for (const key of KEPT) kept[key] = context[key];
  const { result: _result, ...outcome }: FlowOutcome & { result?: unknown } = context.outcome ?? {
    status: 'failed',
  };
  return {
    version: 1,
    snapshot: { ...rest, output: outcome, context: { ...kept, customer, outcome } },
  };
}
