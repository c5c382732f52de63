import { createHash } from 'node:crypto';
import type { FlowCustomer } from '../../machine/index.js';
import { flowKeyOf as keyOf } from '../node/flow-key.js';

/**
 * A flow's key, as `runHeadless` names it (`flowKeyOf` of the node adapter): the
 * customer's referenceId together with their customerId, else email; else those alone.
 * Enqueuing a customer twice under one key is one flow.
 */
export function flowKeyOf(customer: FlowCustomer): string {
  const key = keyOf(customer);
  if (key === undefined) {
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
