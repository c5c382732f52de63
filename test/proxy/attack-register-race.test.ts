import { describe, expect, it } from 'vitest';
import {
  createMemoryBindings,
  createRedisBindings,
  type ExecutionBindings,
} from '../../src/adapters/proxy/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import { startProxyHarness } from './harness.js';

/** A gateway a little slow to answer: both registers are on their way before either lands. */
const slowFetch: typeof fetch = async (input, init) => {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return fetch(input, init);
};

/**
 * claimCustomers 'first-caller': alice and bob register one customer id nobody holds yet,
 * at the same moment. One of them must get it and the other be refused before the gateway
 * hears of it: otherwise the gateway registers the customer for the loser too (their email,
 * their details), and only the binding afterwards says no.
 */
const raceOn = (name: string, bindings: () => ExecutionBindings) =>
  it(`lets one of two callers registering one new customer at once reach the gateway (${name})`, async () => {
    const harness = await startProxyHarness({
      proxy: { bindings: bindings(), fetch: slowFetch },
    });
    try {
      const register = (caller: 'alice' | 'bob') =>
        harness.post(
          'workflow.applicant.register',
          JSON.stringify({ customerId: 'C_race+minimal', email: `${caller}.race@example.com` }),
          { caller },
        );
      const answers = await Promise.all([register('alice'), register('bob')]);
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 403]);
      const refused = answers.find((answer) => answer.status === 403);
      expect(refused?.envelope.apiMsg).toMatch(/^PROXY_FOREIGN_CUSTOMER/);
      expect(harness.sandbox.stats().calls['workflow.applicant.register']).toBe(1);

      // The customer is the winner's from then on.
      const loser = answers[0]?.status === 200 ? 'bob' : 'alice';
      expect(
        (
          await harness.post(
            'workflow.applicant.register',
            JSON.stringify({ customerId: 'C_race+minimal' }),
            { caller: loser },
          )
        ).envelope.apiMsg,
      ).toMatch(/^PROXY_FOREIGN_CUSTOMER/);
    } finally {
      await harness.close();
    }
  });

describe('attack: two callers racing to register one new customer', () => {
  raceOn('memory bindings', () => createMemoryBindings());
});

describeWithRedis('attack: two callers racing to register one new customer, in Redis', () => {
  const redis = useRedisServer();
  raceOn('Redis bindings', () => createRedisBindings(redis.client, { prefix: 'race:' }));
});
