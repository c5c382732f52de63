import type { FlowCustomer } from '../../machine/types.js';

/**
 * What names a customer's saved flow: the host's customerId, else the email, else the
 * phone, else the referenceId. A customer with none of them cannot be resumed, so refuse.
 */
export const customerKeyOf = (customer: FlowCustomer): string => {
  const key = customer.customerId ?? customer.email ?? customer.phone ?? customer.referenceId;
  if (key === undefined || key === '') {
    throw new TypeError(
      'createBrowserFlow needs customer.customerId (or an email, phone or referenceId) to resume the flow after a reload',
    );
  }
  return key;
};

export const DEFAULT_STORAGE_KEY = 'kyc-flow';

export const storageKeyOf = (prefix: string | undefined, customer: FlowCustomer): string =>
  `${prefix ?? DEFAULT_STORAGE_KEY}:${customerKeyOf(customer)}`;
