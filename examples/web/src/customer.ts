import { writeNote } from './saved';

/** Who is onboarded: the customerId in the address, so that a reload finds the same customer. */
export interface DemoCustomer {
  readonly customerId: string;
  readonly email?: string;
  readonly phone?: string;
}

/** Personal details never sit in the address: it reaches server logs, history and shared links. */
const CONTACT_PARAMS = ['email', 'phone'] as const;

const contactKey = (customerId: string) => `kyc-demo:contact:${customerId}`;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function savedContact(storage: Storage, customerId: string): Omit<DemoCustomer, 'customerId'> {
  try {
    const saved: unknown = JSON.parse(storage.getItem(contactKey(customerId)) ?? 'null');
    if (typeof saved !== 'object' || saved === null) return {};
    const { email, phone } = saved as Record<string, unknown>;
    return {
      ...(text(email) && { email: text(email) }),
      ...(text(phone) && { phone: text(phone) }),
    };
  } catch {
    return {};
  }
}

function keepContact(storage: Storage, customer: DemoCustomer): void {
  const { email, phone } = customer;
  writeNote(storage, contactKey(customer.customerId), { email, phone });
}

/**
 * The customer of this address. Its email and phone come from this browser's storage, where
 * the landing page put them; a link that still carries them (a team's own deep link) has them
 * moved there and taken out of the address at once.
 */
export function customerFromUrl(storage: Storage): DemoCustomer | undefined {
  const url = new URL(window.location.href);
  const customerId = url.searchParams.get('customer');
  if (!customerId) return undefined;
  const given = Object.fromEntries(
    CONTACT_PARAMS.flatMap((name) => {
      const value = text(url.searchParams.get(name));
      return value ? [[name, value]] : [];
    }),
  );
  const customer = { ...savedContact(storage, customerId), ...given, customerId };
  if (CONTACT_PARAMS.some((name) => url.searchParams.has(name))) {
    keepContact(storage, customer);
    for (const name of CONTACT_PARAMS) url.searchParams.delete(name);
    window.history.replaceState(null, '', url);
  }
  return customer;
}

/** Once the verification has its outcome, this browser keeps no personal detail of it. */
export function forgetContact(storage: Storage, customerId: string): void {
  storage.removeItem(contactKey(customerId));
}

/** Puts the customer's id (and only it) in the address; other parameters stay. */
export function showCustomerInUrl(customer: DemoCustomer | undefined, storage: Storage): void {
  const url = new URL(window.location.href);
  for (const name of ['customer', ...CONTACT_PARAMS]) url.searchParams.delete(name);
  if (customer) {
    keepContact(storage, customer);
    url.searchParams.set('customer', customer.customerId);
  }
  window.history.pushState(null, '', url);
}

const randomTag = () => Math.random().toString(36).slice(2, 8);

/** A fresh sample customer; the sandbox picks the scenario from the `+tag` of the customerId. */
export function sampleCustomer(scenario: string): DemoCustomer {
  const tag = randomTag();
  return {
    customerId: `C_${tag}+${scenario}`,
    email: `jane.${tag}@example.com`,
    phone: '+6591234567',
  };
}
