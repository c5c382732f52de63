import type { FlowCustomer } from '../../../machine/index.js';
import { emailDigest } from '../email-digest.js';
import type { PersistedFlow } from '../snapshot-store.js';

type Fields = Record<string, unknown>;

const fields = (value: unknown): Fields =>
  typeof value === 'object' && value !== null ? (value as Fields) : {};

/** The outcome without the gateway's `result` (its own data about the customer). */
const outcomeOnly = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  const { result: _result, ...rest } = value as Fields;
  return rest;
};

/** Who the flow was for: the host's customerId, else a digest of the email. */
const customerOnly = (value: unknown): Fields => {
  const { customerId, email } = fields(value) as FlowCustomer;
  if (customerId) return { customerId };
  return email ? { emailSha256: emailDigest(email) } : {};
};

/**
 * What a state file keeps once its flow has its outcome: the final state, the execution and
 * the outcome, with no personal data (no email or phone, nothing the OCR read, no node or
 * OTP in progress, not the gateway's result). A run on it again tells that outcome and sends
 * nothing, where without the file it would onboard the customer afresh: a second start, a
 * second execution (a run killed just after its outcome was told, a job run twice).
 */
export function endedFlow(persisted: PersistedFlow): PersistedFlow {
  const snapshot = fields(persisted.snapshot);
  const context = fields(snapshot.context);
  const kept = ['referenceId', 'customerId', 'executionId', 'status', 'answered'];
  const keptContext = Object.fromEntries(
    kept.filter((k) => k in context).map((k) => [k, context[k]]),
  );
  return {
    ...persisted,
    snapshot: {
      status: snapshot.status,
      value: snapshot.value,
      output: outcomeOnly(snapshot.output),
      historyValue: {},
      children: {},
      context: {
        ...keptContext,
        customer: customerOnly(context.customer),
        outcome: outcomeOnly(context.outcome),
        timing: { pollAttempts: 0, suspensions: 0 },
        resumeTo: context.resumeTo,
        polling: context.polling,
      },
    },
  };
}
