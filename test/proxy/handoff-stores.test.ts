import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisFlows, type FlowsStore } from '../../src/adapters/proxy/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import { authorizeDevices, callAs, clientOf, sampleSnapshot } from './handoff-support.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

/**
 * The handoff with the proxy's secure default (`claimCustomers: 'never'`): the desktop's
 * session has a customer of record, the phone's has none (nobody signed in on it).
 */
const describeHandoff = (name: string, flows: () => FlowsStore | undefined) =>
  describe(`a handoff with a customer of record (${name})`, () => {
    let harness: ProxyHarness;
    beforeAll(async () => {
      const store = flows();
      harness = await startProxyHarness({
        proxy: {
          claimCustomers: 'never',
          authorize: authorizeDevices((device) =>
            device === 'desktop'
              ? `C_never_${name}+minimal`
              : device === 'mallory'
                ? `C_mallory_${name}+minimal`
                : undefined,
          ),
          ...(store ? { flows: store } : {}),
        },
      });
    });
    afterAll(() => harness.close());

    it('lets a phone with no customer take that one execution over, and nothing else', async () => {
      const customerId = `C_never_${name}+minimal`;
      const desktop = clientOf(harness, 'desktop');
      await desktop.register({ customerId });
      const { executionId } = await desktop.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: `ref-${name}` },
      });
      const phone = clientOf(harness, 'phone');
      // Before the link: a session with no customer is refused as the secure default says.
      await expect(phone.getExecution({ executionId })).rejects.toMatchObject({
        message: expect.stringMatching(/PROXY_NO_CUSTOMER/),
      });

      const snapshot = sampleSnapshot(executionId, 'never@example.com');
      await callAs(harness, 'desktop', 'flow.save', { executionId, key: 'k', snapshot });
      const link = await callAs(harness, 'desktop', 'handoff.create', { executionId });
      const { token } = link.envelope.data as { token: string };
      const redeemed = await callAs(harness, 'phone', 'handoff.redeem', { token });
      expect(redeemed.status).toBe(200);
      expect((await phone.getExecution({ executionId })).executionId).toBe(executionId);
      expect((await callAs(harness, 'phone', 'flow.load', {})).envelope.data).toMatchObject({
        snapshot: { snapshot: { context: { executionId } } },
        drivenElsewhere: false,
      });
      await expect(phone.register({ customerId })).rejects.toMatchObject({
        message: expect.stringMatching(/PROXY_FOREIGN_CUSTOMER/),
      });
      const again = await callAs(harness, 'mallory', 'handoff.redeem', { token });
      expect(again.envelope.apiMsg).toMatch(/^PROXY_HANDOFF_REFUSED/);
    });

    it("refuses a link planted from another customer's verification to a session signed in as someone else", async () => {
      // Mallory, signed in with a customer of her own, sends the desktop's customer a link
      // to Mallory's execution: opened in the customer's own signed-in session, it must not
      // take the customer's documents into Mallory's verification.
      const customerId = `C_mallory_${name}+minimal`;
      const mallory = clientOf(harness, 'mallory');
      await mallory.register({ customerId });
      const { executionId } = await mallory.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: `ref-planted-${name}` },
      });
      const snapshot = sampleSnapshot(executionId, 'mallory@example.com');
      await callAs(harness, 'mallory', 'flow.save', { executionId, key: 'm', snapshot });
      const link = await callAs(harness, 'mallory', 'handoff.create', { executionId });
      const { token } = link.envelope.data as { token: string };
      const planted = await callAs(harness, 'desktop', 'handoff.redeem', { token });
      expect(planted.status).toBe(403);
      expect(planted.envelope.apiMsg).toMatch(/^PROXY_HANDOFF_REFUSED/);
      const desktop = clientOf(harness, 'desktop');
      await expect(desktop.getExecution({ executionId })).rejects.toMatchObject({
        message: expect.stringMatching(/PROXY_FOREIGN_EXECUTION/),
      });
      // Refused without spending it: a phone with no session of its own still opens it.
      expect((await callAs(harness, 'phone', 'handoff.redeem', { token })).status).toBe(200);
    });
  });

describeHandoff('memory', () => undefined);

describeWithRedis('handoffs kept in a real redis-server', () => {
  const redis = useRedisServer();
  describeHandoff('redis', () => createRedisFlows(redis.client));
});
