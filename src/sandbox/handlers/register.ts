import type { MethodInput } from '../../services/wire/methods.js';
import { type Answer, ok } from '../answer.js';
import { bump } from '../counters.js';
import type { Customer, EngineContext } from '../engine-context.js';
import { scenarioTag } from '../scenarios.js';

const answerFor = (customer: Customer) => ({
  customerId: customer.customerId,
  ...(customer.email ? { email: customer.email } : {}),
});

/**
 * `workflow.applicant.register`, idempotent as the guide says: a known customerId or
 * email answers the customer already there. A `+<scenario>` tag forces its scenario.
 */
export function register(
  ctx: EngineContext,
  input: MethodInput<'workflow.applicant.register'>,
): Answer {
  const { customers, customersByEmail } = ctx.store;
  const existing =
    (input.customerId === undefined ? undefined : customers.get(input.customerId)) ??
    (input.email === undefined || input.customerId !== undefined
      ? undefined
      : customersByEmail.get(input.email));
  if (existing) {
    ctx.counters.repeatsAnswered += 1;
    return ok(answerFor(existing));
  }
  const customerId = input.customerId ?? `C_${ctx.random.hex(12)}`;
  const scenario = scenarioTag(input, (name) => ctx.settings.scenarios.has(name));
  const customer: Customer = {
    customerId,
    ...(input.email ? { email: input.email } : {}),
    ...(scenario ? { scenario } : {}),
  };
  customers.set(customerId, customer);
  if (input.email && !customersByEmail.has(input.email))
    customersByEmail.set(input.email, customer);
  ctx.counters.registrations += 1;
  bump(ctx.counters.effects, `register:${customerId}`);
  return ok(answerFor(customer));
}
