import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryBindings,
  createRedisBindings,
  type ExecutionBindings,
} from '../../src/adapters/proxy/index.js';
import { createGatewayClient } from '../../src/services/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import {
  type CallerName,
  type ProxyHarness,
  startedAtFirstNode,
  startProxyHarness,
} from './harness.js';

const PERSON = JSON.stringify({
  name: 'Mallory Example',
  dateOfBirth: '1990-01-15',
  nationality: 'SG',
  countryOfResidence: 'SG',
  address: '1 Main St',
});

const unknownNode = expect.objectContaining({
  status: 409,
  envelope: expect.objectContaining({
    apiCode: 410001,
    apiMsg: expect.stringMatching(/^PROXY_UNKNOWN_NODE/),
  }),
});

/**
 * A caller who learnt another customer's callbackKey (a status answer on a shared screen, a
 * log, a key that spells its execution's id) sends it beside an execution of her own, which
 * the proxy lets her act on. The proxy must not leave it to the gateway to see that the key
 * is not that execution's: nothing of such a call is signed or forwarded.
 */
const attackWith = (name: string, bindings: () => ExecutionBindings) =>
  describe(`attack: answering another execution's node under one's own (${name})`, () => {
    let harness: ProxyHarness;
    beforeAll(async () => {
      harness = await startProxyHarness({ proxy: { bindings: bindings() } });
    });
    afterAll(() => harness.close());

    const call = (caller: CallerName, api: string, body: unknown) =>
      harness.post(api, JSON.stringify(body), { caller });
    const particulars = (caller: CallerName, executionId: string, callbackKey: string) =>
      call(caller, 'workflow.kyc.particular.data', {
        executionId,
        callbackKey,
        referenceId: `ref-${caller}`,
        personData: PERSON,
      });
    const forwardedWith = (callbackKey: string) =>
      harness.forwarded.filter((call) => call.body.includes(JSON.stringify(callbackKey)));

    it("refuses the other execution's key before the gateway hears of it, and the owner's flow goes on", async () => {
      const alice = await startedAtFirstNode(harness.client('alice'), `C_node_a_${name}+minimal`);
      const bob = await startedAtFirstNode(harness.client('bob'), `C_node_b_${name}+minimal`);
      const aliceKey = alice.node?.callbackKey ?? '';
      expect(aliceKey).not.toBe('');

      expect(await particulars('bob', bob.executionId, aliceKey)).toEqual(unknownNode);
      expect(
        await call('bob', 'workflow.kyc.ocr.data', {
          executionId: bob.executionId,
          callbackKey: aliceKey,
        }),
      ).toEqual(unknownNode);
      // A key spelled as a page derives one, for alice's execution: not bob's either.
      const derived = `kyc:particular:${alice.executionId}:1`;
      expect(await particulars('bob', bob.executionId, derived)).toEqual(unknownNode);
      expect([...forwardedWith(aliceKey), ...forwardedWith(derived)]).toEqual([]);
      expect(harness.events.map((event) => event.refusal)).toContain('unknownNode');

      // The owner answers her node; a late repeat of that answer gets the gateway's own
      // answer again, not a refusal, once the node moved on.
      const first = await particulars('alice', alice.executionId, aliceKey);
      expect(first.status).toBe(200);
      const moved = await harness.client('alice').getExecution({ executionId: alice.executionId });
      expect(moved.currentNode?.callbackKey).not.toBe(aliceKey);
      expect(await particulars('alice', alice.executionId, aliceKey)).toEqual(first);
      // Bob's own node still takes his own key.
      expect((await particulars('bob', bob.executionId, bob.node?.callbackKey ?? '')).status).toBe(
        200,
      );
    });

    it('takes a key the proxy did not show once the page has read the status through it', async () => {
      // A page that holds a key from a read the proxy did not relay (a flow resumed from
      // before the proxy noted keys): refused with the gateway's "not waiting", which the
      // flow answers with a status read, and the same answer then passes.
      const customerId = `C_node_unrelayed_${name}+minimal`;
      await harness.client('alice').register({ customerId });
      const { executionId } = await harness.client('alice').startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: 'ref-unrelayed' },
      });
      const direct = createGatewayClient({
        gatewayUrl: harness.sandbox.gatewayUrl,
        ...harness.sandbox.credentials,
      });
      let state = await direct.getExecution({ executionId });
      while (state.status !== 'WAITING') {
        await new Promise((resolve) => setTimeout(resolve, 20));
        state = await direct.getExecution({ executionId });
      }
      const key = state.currentNode?.callbackKey ?? '';
      expect(await particulars('alice', executionId, key)).toEqual(unknownNode);
      const read = await harness.client('alice').getExecution({ executionId });
      expect(read.currentNode?.callbackKey).toBe(key);
      expect((await particulars('alice', executionId, key)).status).toBe(200);
    });
  });

attackWith('memory store', () => createMemoryBindings());

describeWithRedis('on a real redis-server', () => {
  const redis = useRedisServer();
  attackWith('redis store', () => createRedisBindings(redis.client, { prefix: 'foreign-node:' }));
});
