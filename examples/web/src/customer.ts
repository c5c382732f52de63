/** Who is onboarded, kept in the address so that a reload finds the same customer. */
export interface DemoCustomer {
  readonly customerId: string;
  readonly email: string;
  readonly phone: string;
}

export function customerFromUrl(): DemoCustomer | undefined {
  const params = new URLSearchParams(window.location.search);
  const customerId = params.get('customer');
  if (!customerId) return undefined;
  return { customerId, email: params.get('email') ?? '', phone: params.get('phone') ?? '' };
}

export function showCustomerInUrl(customer: DemoCustomer | undefined): void {
  const url = new URL(window.location.href);
  url.search = '';
  if (customer) {
    url.searchParams.set('customer', customer.customerId);
    url.searchParams.set('email', customer.email);
    url.searchParams.set('phone', customer.phone);
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
