import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFlows } from '../../src/adapters/proxy/index.js';
import {
  authorizeDevices,
  callAs,
  clientOf,
  sampleSnapshot,
  startAsDesktop,
} from './handoff-support.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

/**
 * A page names its kept flow by a key of its choosing (`flow.save { executionId, key }`).
 * `quotas.keptFlowsPerCaller` bounds the flows a caller keeps; the keys must not be a way
 * around it: one account naming ever new keys for its own flow once filled the store, and
 * every other customer's save was refused (503 PROXY_BUSY).
 */
describe('page keys of kept flows, named by the thousand', () => {
  /** Room for a few kept flows and their keys, far less than the keys below would take. */
  const STORE_BYTES = 48 * 1024;
  const KEYS = 1_500;
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        authorize: authorizeDevices(),
        flows: createMemoryFlows({ maxBytes: STORE_BYTES }),
        // Lifted only to send the keys in seconds; the kept-flow quota is the default.
        quotas: { callsPerMinute: 1_000_000 },
      },
    });
  });
  afterAll(() => harness.close());

  const save = (executionId: string, key: string, withSnapshot = false) => {
    const url = new URL(harness.proxyUrl);
    url.searchParams.set('api', 'flow.save');
    const body = {
      executionId,
      key,
      ...(withSnapshot && { snapshot: sampleSnapshot(executionId, 'keys@example.com') }),
    };
    return harness.handle(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer desktop' },
        body: JSON.stringify(body),
      }),
    );
  };
  const load = async (key: string) =>
    JSON.parse((await callAs(harness, 'desktop', 'flow.load', { key })).text) as {
      data: { snapshot?: { snapshot: { context: { executionId: string } } } } | null;
    };

  it("keeps one key per kept flow, so another customer's flow is still kept", async () => {
    const mine = await startAsDesktop(harness, 'C_page_keys+minimal');
    expect((await save(mine, 'k0', true)).status).toBe(200);
    for (let index = 1; index <= KEYS; index += 1) {
      const answer = await save(mine, `k${index}`);
      expect(answer.status).toBe(200);
    }
    // The last key finds the flow; the keys it replaced find nothing.
    expect((await load(`k${KEYS}`)).data?.snapshot?.snapshot.context.executionId).toBe(mine);
    expect((await load('k0')).data).toBeNull();
    expect((await load(`k${KEYS - 1}`)).data).toBeNull();

    // A key for an execution with no kept flow finds nothing, and takes no room.
    const unkept = await startAsDesktop(harness, 'C_page_keys_unkept+minimal');
    expect((await save(unkept, 'unkept')).status).toBe(200);
    expect((await load('unkept')).data).toBeNull();

    // Another customer keeps her first flow.
    const other = clientOf(harness, 'phone');
    await other.register({ customerId: 'C_page_keys_other+minimal' });
    const { executionId } = await other.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId: 'C_page_keys_other+minimal', referenceId: 'ref-other' },
    });
    const hers = await callAs(harness, 'phone', 'flow.save', {
      executionId,
      key: 'kyc-flow:C_page_keys_other',
      snapshot: sampleSnapshot(executionId, 'other@example.com'),
    });
    expect([hers.status, JSON.parse(hers.text).apiMsg]).toEqual([200, 'OK']);
  }, 60_000);
});
