import { endedFlow as outcomeOnly } from '../../../machine/ended-flow.js';
import type { FlowContext } from '../../../machine/index.js';
import type { PersistedFlow } from '../../../machine/types.js';
import { emailDigest } from '../email-digest.js';

/** The customer as a state file names it: the host's customerId, else a digest of the email. */
const customerOnly = ({ customer: { customerId, email } }: FlowContext) => {
  if (customerId) return { customerId };
  return email ? { emailSha256: emailDigest(email) } : {};
};

/**
 * What a state file keeps once its flow has its outcome (the machine's `endedFlow`): a
 * rerun on it tells that outcome and sends nothing, and a rerun for another customer is
 * refused.
 */
export const endedFlow = (persisted: PersistedFlow): PersistedFlow =>
  outcomeOnly(persisted, customerOnly((persisted.snapshot as { context: FlowContext }).context));
