import type { FlowCustomer, PersistedFlow } from '../../machine/index.js';
import { emailDigest } from './email-digest.js';

/** An email as keys compare it: one address however it is cased or padded. */
const emailKey = (email: string | undefined): string | undefined =>
  email?.trim().toLowerCase() || undefined;

/** Who a customer is, as a flow's key and its check name them: customerId, else email. */
const whoOf = (customer: FlowCustomer): string | undefined =>
  customer.customerId || emailKey(customer.email);

/**
 * A flow's key, where a run keeps it and a queue names its job: the customer's referenceId
 * together with who the customer is (customerId, else email in any letter case), else who
 * they are alone. Not the referenceId alone: it is the integrator's own id, and two
 * customers given the same one (a reused or mistyped id) would be one flow, the second
 * answered with the first one's outcome. `undefined` when the customer names nobody.
 */
export function flowKeyOf(customer: FlowCustomer): string | undefined {
  const who = whoOf(customer);
  const { referenceId } = customer;
  if (!referenceId) return who;
  return who === undefined ? referenceId : JSON.stringify([referenceId, who]);
}

/** A saved flow's customer: an ended one names its email by digest only (`endedFlow`). */
type SavedCustomer = FlowCustomer & { readonly emailSha256?: string };

/**
 * Whether a saved flow is `customer`'s: neither its customerId nor its email says it is
 * someone else's (each compared where both name one). A flow saved under a key the host
 * chose (or a state file) may be another customer's; resumed, it would carry on their
 * onboarding with this one's answers (her name into their execution, a code to her phone).
 */
export function isCustomersFlow(persisted: PersistedFlow, customer: FlowCustomer): boolean {
  const saved = (persisted.snapshot as { context?: { customer?: SavedCustomer } }).context
    ?.customer;
  if (!saved) return true;
  if (saved.customerId && customer.customerId && saved.customerId !== customer.customerId) {
    return false;
  }
  const email = emailKey(customer.email);
  if (email === undefined) return true;
  if (saved.emailSha256 !== undefined) return saved.emailSha256 === emailDigest(email);
  const savedEmail = emailKey(saved.email);
  return savedEmail === undefined || savedEmail === email;
}
