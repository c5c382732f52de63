/** The customer fields a sandbox reads a scenario tag from. */
export interface TaggableCustomer {
  readonly customerId?: string;
  readonly email?: string;
}

/**
 * Forces a sandbox scenario for one customer the way sandboxes read it: `+<scenario>` at
 * the end of the customerId and of the email's local part, replacing any tag already there.
 */
export function withScenarioTag<T extends TaggableCustomer>(customer: T, scenario: string): T {
  const tag = (text: string) => `${text.replace(/\+[^+]*$/, '')}+${scenario}`;
  const at = customer.email?.lastIndexOf('@') ?? -1;
  return {
    ...customer,
    ...(customer.customerId !== undefined && { customerId: tag(customer.customerId) }),
    ...(customer.email !== undefined &&
      at > 0 && { email: `${tag(customer.email.slice(0, at))}${customer.email.slice(at)}` }),
  };
}
