import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayProxy } from '../../src/adapters/proxy/index.js';
import { NODE_TYPES } from '../../src/services/index.js';
import { type ProxyHarness, pollUntil, startProxyHarness } from './harness.js';
import { SAMPLES, uploadForm } from './samples.js';

/**
 * Another site's page driving a signed-in customer's verification: the browser sends the
 * customer's session along (the bearer token stands in for the cookie here), so only where
 * the request comes from tells it apart. A CORS preflight cannot be counted on to stop it:
 * a host may put a permissive CORS layer in front, and a form post needs none.
 */

const EVIL = 'https://evil.example';
const LISTED = 'https://app.bank.example';

/** Headers a browser on another site sends, old and new. */
const FROM_ANOTHER_SITE: ReadonlyArray<Record<string, string>> = [
  { origin: EVIL },
  { 'sec-fetch-site': 'cross-site', origin: EVIL },
  { 'sec-fetch-site': 'cross-site' },
];

const startBody = (customerId: string, referenceId: string) =>
  JSON.stringify({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId },
  });

/**
 * What the gateway heard, and where `executionId` stands, to show that a refused call
 * changed none of it. (Other executions move on by themselves as the sandbox's time runs.)
 */
const gatewaySeen = (harness: ProxyHarness, executionId?: string) => {
  const { calls, registrations, starts, executions } = harness.sandbox.stats();
  const execution = executions.find((e) => e.executionId === executionId);
  return {
    calls: { ...calls },
    registrations,
    starts,
    execution: execution && { status: execution.status, nodeType: execution.nodeType },
    forwarded: harness.forwarded.length,
  };
};

describe('attack 7: another site driving a signed-in customer through the gateway calls', () => {
  let harness: ProxyHarness;
  let executionId: string;
  let callbackKey: string;
  const customerId = 'C_csrf_alice+minimal';
  /** The page's own origin: the proxy's, as the harness serves both. */
  let own: string;

  beforeAll(async () => {
    harness = await startProxyHarness();
    own = new URL(harness.proxyUrl).origin;
    // From no page at all (a server, a native app, this client in Node): served as before.
    const client = harness.client('alice');
    await client.register({ customerId });
    ({ executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-csrf' },
    }));
    const waiting = await pollUntil(client, executionId, (s) => s.status === 'WAITING');
    expect(waiting.currentNode?.nodeType).toBe(NODE_TYPES.particulars);
    callbackKey = waiting.currentNode?.callbackKey ?? '';
  });
  afterAll(() => harness.close());

  /** Every forged variant of one call is refused alike, and the gateway hears none of them. */
  const refusedFromAnotherSite = async (api: string, body: string) => {
    const before = gatewaySeen(harness, executionId);
    const events = harness.events.length;
    const answers = [];
    for (const headers of FROM_ANOTHER_SITE) {
      answers.push(await harness.post(api, body, { caller: 'alice', headers }));
    }
    // A simple request (no preflight in any browser), JSON or not in its body.
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      answers.push(
        await harness.post(api, body, { caller: 'alice', contentType, headers: { origin: EVIL } }),
      );
    }
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.envelope).toMatchObject({ apiCode: 999303, data: null });
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_CROSS_ORIGIN/);
    }
    expect(gatewaySeen(harness, executionId)).toEqual(before);
    expect(harness.events.slice(events)).toEqual(
      answers.map(() => ({ refusal: 'crossOrigin', api, callerId: 'user-alice' })),
    );
  };

  it('refuses a register from another site, and serves it from no page at all', async () => {
    const body = JSON.stringify({ customerId: 'C_csrf_forged' });
    await refusedFromAnotherSite('workflow.applicant.register', body);
    const registrations = harness.sandbox.stats().registrations;
    const served = await harness.post('workflow.applicant.register', body, { caller: 'alice' });
    expect(served.status).toBe(200);
    expect(harness.sandbox.stats().registrations).toBe(registrations + 1);
  });

  it("refuses a start from another site, and serves it from the site's own page", async () => {
    const body = startBody(customerId, 'ref-csrf-2');
    await refusedFromAnotherSite('workflow.apply.submit', body);
    const starts = harness.sandbox.stats().starts;
    const served = await harness.post('workflow.apply.submit', body, {
      caller: 'alice',
      headers: { 'sec-fetch-site': 'same-origin', origin: own },
    });
    expect(served.status).toBe(200);
    expect(harness.sandbox.stats().starts).toBe(starts + 1);
  });

  it('refuses a status read from another site, and serves it from the own origin, either header', async () => {
    const body = JSON.stringify({ executionId });
    await refusedFromAnotherSite('workflow.execution.status', body);
    const fromOwnPage: ReadonlyArray<Record<string, string>> = [
      { 'sec-fetch-site': 'same-origin' },
      { origin: own },
      {},
    ];
    for (const headers of fromOwnPage) {
      const served = await harness.post('workflow.execution.status', body, {
        caller: 'alice',
        headers,
      });
      expect(served.status).toBe(200);
      expect(served.envelope.data).toMatchObject({ executionId, status: 'WAITING' });
    }
  });

  it("refuses a submit from another site: the customer's node still waits, then takes the page's own", async () => {
    const body = JSON.stringify({
      executionId,
      callbackKey,
      referenceId: 'ref-csrf',
      personData: JSON.stringify({
        name: 'Mallory Forged',
        dateOfBirth: '1970-01-01',
        nationality: 'SG',
      }),
    });
    await refusedFromAnotherSite('workflow.kyc.particular.data', body);
    const node = harness.sandbox.stats().executions.find((e) => e.executionId === executionId);
    expect(node).toMatchObject({ status: 'WAITING', nodeType: NODE_TYPES.particulars });

    const calls = harness.sandbox.stats().calls['workflow.kyc.particular.data'] ?? 0;
    const served = await harness.post('workflow.kyc.particular.data', body, {
      caller: 'alice',
      headers: { 'sec-fetch-site': 'same-origin', origin: own },
    });
    expect(served.status).toBe(200);
    expect(harness.sandbox.stats().calls['workflow.kyc.particular.data']).toBe(calls + 1);
  });
});

describe('attack 7: the origins a host allows, under either spelling', () => {
  const harnesses: ProxyHarness[] = [];
  afterAll(async () => {
    for (const harness of harnesses) await harness.close();
  });

  /** A page of `origin` (another site, the host's own or not) registering a customer. */
  const registerFrom = (harness: ProxyHarness, origin: string, customerId: string) =>
    harness.post('workflow.applicant.register', JSON.stringify({ customerId }), {
      caller: 'alice',
      headers: { 'sec-fetch-site': 'cross-site', origin },
    });

  const setUp = async (proxy: Parameters<typeof startProxyHarness>[0]) => {
    const harness = await startProxyHarness(proxy);
    harnesses.push(harness);
    return harness;
  };

  it.each([
    ['the top-level allowedOrigins', { allowedOrigins: [LISTED] }],
    // The older spelling, written as a URL: its origin is what counts.
    ['uploads.allowedOrigins, the older spelling', { uploads: { allowedOrigins: [`${LISTED}/`] } }],
  ])('lets a listed origin call the gateway through %s, and no other', async (_, options) => {
    const harness = await setUp({ proxy: options });
    const before = gatewaySeen(harness);
    const refused = await registerFrom(harness, EVIL, 'C_csrf_evil');
    expect(refused.status).toBe(403);
    expect(refused.envelope.apiMsg).toMatch(/^PROXY_CROSS_ORIGIN/);
    expect(gatewaySeen(harness)).toEqual(before);
    const listed = await registerFrom(harness, LISTED, 'C_csrf_listed');
    expect(listed).toMatchObject({ status: 200, envelope: { apiCode: 200 } });
    expect(harness.sandbox.stats().registrations).toBe(before.registrations + 1);
  });

  it("does not count another site's calls against the customer's calls per minute", async () => {
    const callsPerMinute = 5;
    const harness = await setUp({ proxy: { quotas: { callsPerMinute } } });
    for (let index = 0; index <= callsPerMinute; index++) {
      const forged = await registerFrom(harness, EVIL, 'C_csrf_quota');
      expect(forged.envelope.apiMsg).toMatch(/^PROXY_CROSS_ORIGIN/);
    }
    // Every one of the customer's own calls is still theirs to make, then the quota holds.
    for (let index = 0; index < callsPerMinute; index++) {
      const own = await harness.post(
        'workflow.applicant.register',
        JSON.stringify({ customerId: 'C_csrf_quota' }),
        { caller: 'alice', headers: { 'sec-fetch-site': 'same-origin' } },
      );
      expect(own.status).toBe(200);
    }
    const over = await harness.post(
      'workflow.applicant.register',
      JSON.stringify({ customerId: 'C_csrf_quota' }),
      { caller: 'alice', headers: { 'sec-fetch-site': 'same-origin' } },
    );
    expect(over.status).toBe(429);
  });

  it('joins both lists, and lets their origins upload files and keep flows too', async () => {
    const other = 'https://shop.bank.example';
    const harness = await setUp({
      proxy: { allowedOrigins: [LISTED], uploads: { allowedOrigins: [other] } },
    });
    const client = harness.client('alice');
    await client.register({ customerId: 'C_csrf_listed' });
    const { executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId: 'C_csrf_listed', referenceId: 'ref-listed' },
    });
    for (const origin of [LISTED, other]) {
      const headers = { 'sec-fetch-site': 'cross-site', origin };
      const status = await harness.post(
        'workflow.execution.status',
        JSON.stringify({ executionId }),
        {
          caller: 'alice',
          headers,
        },
      );
      expect(status.status).toBe(200);
      const upload = await harness.post('storage.upload', uploadForm(SAMPLES.png, executionId), {
        caller: 'alice',
        contentType: '',
        headers,
      });
      expect(upload.status).toBe(200);
      const load = await harness.post('flow.load', JSON.stringify({ key: 'kyc-flow:page' }), {
        caller: 'alice',
        headers,
      });
      expect(load).toMatchObject({ status: 200, envelope: { data: null } });
    }
    const refused = await registerFrom(harness, EVIL, 'C_csrf_evil');
    expect(refused.envelope.apiMsg).toMatch(/^PROXY_CROSS_ORIGIN/);
  });

  it('refuses to list an opaque origin: every sandboxed frame of every site sends `null`', () => {
    const base = {
      gatewayUrl: 'http://127.0.0.1:1/gateway',
      apiKey: 'ak_x',
      apiSecret: 'sk_x',
      domainId: 'dom_x',
      authorize: () => null,
    };
    for (const listed of ['null', 'capacitor://localhost', 'file:///app/index.html', 'app']) {
      expect(() => createGatewayProxy({ ...base, allowedOrigins: [listed] })).toThrow(RangeError);
      expect(() => createGatewayProxy({ ...base, uploads: { allowedOrigins: [listed] } })).toThrow(
        /allowedOrigins/,
      );
    }
    expect(() => createGatewayProxy({ ...base, allowedOrigins: [LISTED] })).not.toThrow();
  });
});
