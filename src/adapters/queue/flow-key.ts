import { createHash } from 'node:crypto';
import type { FlowCustomer } from '../../machine/index.js';

/**
 * A flow's key, as `runHeadless` names it: the customer's referenceId, else customerId,
 * else email. Enqueuing a customer twice under one key is one flow.
 */
export function flowKeyOf(customer: FlowCustomer): string {
  const key = customer.referenceId ?? customer.customerId ?? customer.email;
  if (key === undefined || key === '') {
    throw new TypeError('a customer needs a referenceId, customerId or email to be enqueued');
  }
  return key;
}

/**
 * The BullMQ job id of the flow with this key: a digest, so that the key (often an email)
 * never shows in Redis key names, logs or dashboards, and so that BullMQ takes it (a custom
 * id may not be an integer nor hold `:`). Find a customer's job with `jobIdOf(customer)`.
 */
export function jobIdOf(customerOrKey: FlowCustomer | string): string {
  const key = typeof customerOrKey === 'string' ? customerOrKey : flowKeyOf(customerOrKey);
  return `flow_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
