import type { FlowCustomer } from '../../machine/types.js';
import type { BrowserFlowOptions } from './types.js';

/**
 * What names a customer's saved flow: the host's customerId, else the email, else the
 * phone, else the referenceId. A customer with none of them cannot be resumed, so refuse.
 */
export const customerKeyOf = (customer: FlowCustomer | undefined): string => {
  const key = customer?.customerId ?? customer?.email ?? customer?.phone ?? customer?.referenceId;
  if (key === undefined || key === '') {
    throw new TypeError(
      'createBrowserFlow needs customer.customerId (or email, phone, referenceId) or handoff',
    );
  }
  return key;
};

export const DEFAULT_STORAGE_KEY = 'kyc-flow';

/** The key of a page's flow: its customer's, or the handoff's this page continues. */
export const storageKeyOf = (
  options: Pick<BrowserFlowOptions, 'storageKey' | 'customer' | 'handoff'>,
): string =>
  `${options.storageKey ?? DEFAULT_STORAGE_KEY}:${options.handoff === undefined ? customerKeyOf(options.customer) : 'handoff'}`;
