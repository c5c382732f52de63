import type { FlowCustomer } from '../../machine/index.js';
import { ID_LIMITS } from '../../services/wire/id-limits.js';
import { EnqueueError } from './enqueue-error.js';

/** The longest phone number kept: E.164 allows 15 digits; the rest is room for spacing. */
const MAX_PHONE = 64;

const LIMITS = {
  customerId: ID_LIMITS.customerId,
  email: ID_LIMITS.email,
  referenceId: ID_LIMITS.referenceId,
  phone: MAX_PHONE,
} as const satisfies Partial<Record<keyof FlowCustomer, number>>;

const described = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/**
 * `customer` as a flow can be made of it, else an `EnqueueError` naming the field: each id
 * text within its limit, and a customerId or an email to register the customer with.
 */
export function checkedCustomer(customer: unknown): FlowCustomer {
  if (typeof customer !== 'object' || customer === null || Array.isArray(customer)) {
    throw new EnqueueError('customer', `expected an object, got ${described(customer)}`);
  }
  const fields = customer as Record<string, unknown>;
  for (const [field, max] of Object.entries(LIMITS)) {
    const value = fields[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      const got = typeof value === 'string' ? `${value.length} characters` : described(value);
      throw new EnqueueError(
        `customer.${field}`,
        `expected text of 1 to ${max} characters, got ${got}`,
      );
    }
  }
  if (fields.customerId === undefined && fields.email === undefined) {
    throw new EnqueueError(
      'customer.customerId',
      'a customerId or an email is needed to register the customer',
    );
  }
  return customer as FlowCustomer;
}
