import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKycQueue, EnqueueError, type KycQueue } from '../../src/adapters/queue/index.js';
import type { FlowCustomer } from '../../src/machine/index.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * A customer no flow can be made of is refused by `enqueue`, typed and naming the field,
 * before anything is added: its job could only fail, and an id too long for the gateway
 * would be registered there before anyone noticed.
 */

const REFUSED: ReadonlyArray<readonly [string, unknown, string]> = [
  ['no customer at all', null, 'customer'],
  ['nobody to register', { referenceId: 'ref-1' }, 'customer.customerId'],
  ['a customerId that is a number', { customerId: 42 }, 'customer.customerId'],
  ['a customerId past ID_LIMITS', { customerId: `C_${'x'.repeat(200)}` }, 'customer.customerId'],
  ['a blank email', { email: '  ' }, 'customer.email'],
  [
    'a referenceId of 100,000 characters',
    { customerId: 'C_1', referenceId: 'r'.repeat(100_000) },
    'customer.referenceId',
  ],
  ['a phone that is an object', { customerId: 'C_1', phone: { number: 1 } }, 'customer.phone'],
];

describeWithRedis('enqueue, given a customer no flow can be made of', () => {
  let redis: RedisServer;
  let queue: KycQueue;
  beforeAll(async () => {
    redis = await startRedisServer();
    queue = createKycQueue({ connection: redis.url, name: 'refusals' });
  });
  afterAll(async () => {
    await queue?.close();
    await redis?.stop();
  });

  it.each(REFUSED)('refuses %s, naming the field, and adds nothing', async (_, customer, field) => {
    const refused = await queue.enqueue(customer as FlowCustomer).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EnqueueError);
    expect(refused).toMatchObject({ code: 'CUSTOMER_INVALID', field, retryable: false });
    expect((await queue.counts()).states).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it('refuses a batch with one such customer in it before adding any of it', async () => {
    const customers = [{ customerId: 'C_ok_1' }, { customerId: 7 }, { customerId: 'C_ok_2' }];
    const refused = await queue
      .enqueueMany(customers.map((customer) => ({ customer: customer as FlowCustomer })))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'EnqueueError', field: 'customer.customerId' });
    expect((await queue.counts()).states).toMatchObject({ waiting: 0, delayed: 0 });
  });

  it('still takes a customer at the limits', async () => {
    const customer = { customerId: `C_${'x'.repeat(126)}`, email: 'edge@example.com' };
    await expect(queue.enqueue(customer)).resolves.toMatchObject({ jobId: expect.any(String) });
    expect((await queue.counts()).states).toMatchObject({ waiting: 1 });
  });
});
