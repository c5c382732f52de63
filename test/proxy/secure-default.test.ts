import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGatewayProxy,
  type GatewayProxyOptions,
  ID_LIMITS,
} from '../../src/adapters/proxy/index.js';
import { authorizeByToken, type ProxyHarness, pollUntil, startProxyHarness } from './harness.js';

/** The host's hook as a bank writes it: the session names the user and her customer of record. */
const assertingAuthorize: GatewayProxyOptions['authorize'] = async (request) => {
  const caller = await authorizeByToken(request);
  return caller && { ...caller, customerId: `C_of_${caller.callerId}+minimal` };
};

const base = {
  gatewayUrl: 'http://gateway.invalid/gateway',
  apiKey: 'ak_test',
  apiSecret: 'sk_test',
  domainId: 'domain',
  authorize: assertingAuthorize,
};

describe('createGatewayProxy, secure by default', () => {
  it('says at construction what it needs, naming the opt-in', () => {
    expect(() => createGatewayProxy(base)).not.toThrow();
    expect(() =>
      createGatewayProxy({ ...base, claimCustomers: 'first' as unknown as 'first-caller' }),
    ).toThrow(
      /claimCustomers is 'never' .*authorize returns each caller's customerId.*'first-caller'/,
    );
    expect(() => createGatewayProxy({ ...base, quotas: { callsPerMinute: 0 } })).toThrow(
      /quotas\.callsPerMinute/,
    );
    expect(() =>
      createGatewayProxy({ ...base, uploads: { types: ['image/gif' as 'image/png'] } }),
    ).toThrow(/image\/gif/);
  });

  it('refuses at construction what could not work: uploads off with a storageUrl, first-caller claims on a store that cannot claim', () => {
    expect(() => createGatewayProxy({ ...base, uploads: false })).not.toThrow();
    expect(() =>
      createGatewayProxy({ ...base, uploads: false, storageUrl: 'https://files.example/up' }),
    ).toThrow(/uploads: false .*storageUrl/);
    const unclaiming = {
      lookup: async () => undefined,
      held: async () => 0,
      bind: async () => 'bound' as const,
      countCall: async () => ({ count: 1, resetInMs: 60_000 }),
      admitIdentity: async () => 'admitted' as const,
    };
    expect(() => createGatewayProxy({ ...base, bindings: unclaiming })).not.toThrow();
    // A store written before OTP identities were counted: refused at once, not at the first send.
    const { admitIdentity: _, ...uncounting } = unclaiming;
    expect(() =>
      createGatewayProxy({ ...base, bindings: uncounting as typeof unclaiming }),
    ).toThrow(/bindings store needs admitIdentity/);
    expect(() =>
      createGatewayProxy({ ...base, bindings: unclaiming, claimCustomers: 'first-caller' }),
    ).toThrow(/'first-caller' needs a bindings store with claim and release/);
  });

  it('refuses every call when authorize names no customer, and tells the host how to fix it', async () => {
    const harness = await startProxyHarness({
      proxy: { claimCustomers: 'never', authorize: authorizeByToken },
    });
    try {
      const calls = { ...harness.sandbox.stats().calls };
      const register = await harness.post('workflow.applicant.register', '{"customerId":"C_x"}', {
        caller: 'alice',
      });
      expect(register.status).toBe(403);
      expect(register.envelope.apiMsg).toMatch(/^PROXY_NO_CUSTOMER/);
      const status = await harness.post('workflow.execution.status', '{"executionId":"E"}', {
        caller: 'alice',
      });
      expect(status.envelope.apiMsg).toMatch(/^PROXY_NO_CUSTOMER/);
      expect(harness.sandbox.stats().calls).toEqual(calls);
      const event = harness.events.find((e) => e.refusal === 'customerNotAsserted');
      expect(event).toMatchObject({ callerId: 'user-alice' });
      expect(String(event?.detail)).toMatch(/return the caller's customerId.*'first-caller'/);
    } finally {
      await harness.close();
    }
  });
});

describe('a host that names each caller’s customer (the default)', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: { claimCustomers: 'never', authorize: assertingAuthorize },
    });
  });
  afterAll(() => harness.close());

  it('lets the caller register and start only that customer, then follow her flow', async () => {
    const client = harness.client('alice');
    await expect(client.register({ customerId: 'C_of_user-bob+minimal' })).rejects.toMatchObject({
      apiCode: 999303,
      apiMsg: expect.stringMatching(/^PROXY_FOREIGN_CUSTOMER/),
    });
    await expect(client.register({ email: 'alice@example.com' })).rejects.toMatchObject({
      apiCode: 999301,
      apiMsg: expect.stringMatching(/^PROXY_CUSTOMER_ID_REQUIRED/),
    });
    const { customerId = 'C_of_user-alice+minimal' } = await client.register({
      customerId: 'C_of_user-alice+minimal',
    });
    await expect(
      client.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId: 'C_of_user-bob+minimal', referenceId: 'ref-x' },
      }),
    ).rejects.toMatchObject({ apiMsg: expect.stringMatching(/^PROXY_FOREIGN_CUSTOMER/) });
    const { executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-known' },
    });
    const state = await pollUntil(client, executionId, (s) => s.status === 'WAITING');
    expect(state.executionId).toBe(executionId);
    await expect(harness.client('bob').getExecution({ executionId })).rejects.toMatchObject({
      apiMsg: expect.stringMatching(/^PROXY_FOREIGN_EXECUTION/),
    });
    expect(harness.sandbox.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });

  it('refuses ids longer than ID_LIMITS allows, naming the field, before the gateway hears them', async () => {
    const calls = { ...harness.sandbox.stats().calls };
    const long = (field: keyof typeof ID_LIMITS) => 'x'.repeat(ID_LIMITS[field] + 1);
    const answers = [
      await harness.post(
        'workflow.applicant.register',
        JSON.stringify({ customerId: 'C_of_user-alice+minimal', email: `${long('email')}@x.io` }),
        { caller: 'alice' },
      ),
      await harness.post(
        'workflow.apply.submit',
        JSON.stringify({
          eventType: 'KYC_EVENT',
          source: 'WEB',
          data: { customerId: 'C_of_user-alice+minimal', referenceId: long('referenceId') },
        }),
        { caller: 'alice' },
      ),
      await harness.post(
        'workflow.kyc.ocr.data',
        JSON.stringify({ executionId: long('executionId'), callbackKey: long('callbackKey') }),
        { caller: 'alice' },
      ),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(answers.map((answer) => answer.envelope.apiMsg)).toEqual([
      expect.stringMatching(/^PROXY_INVALID_BODY.*email: expected at most 320 characters/),
      expect.stringMatching(/^PROXY_INVALID_BODY.*data\.referenceId: expected at most 128/),
      expect.stringMatching(/executionId: expected at most 128.*callbackKey: expected at most 128/),
    ]);
    expect(JSON.stringify(answers)).not.toContain('xxxxxxxx');
    expect(harness.sandbox.stats().calls).toEqual(calls);
  });
});

describe('a gateway that answers an id longer than ID_LIMITS allows', () => {
  it('is refused (PROXY_INVALID_ANSWER), and nothing is bound', async () => {
    const harness = await startProxyHarness({
      proxy: {
        claimCustomers: 'never',
        authorize: assertingAuthorize,
        fetch: async () =>
          Response.json({
            apiCode: 200,
            apiMsg: 'OK',
            data: { executionId: 'E'.repeat(ID_LIMITS.executionId + 1), status: 'CREATED' },
          }),
      },
    });
    try {
      const answer = await harness.post(
        'workflow.apply.submit',
        JSON.stringify({
          eventType: 'KYC_EVENT',
          source: 'WEB',
          data: { customerId: 'C_of_user-alice+minimal', referenceId: 'ref' },
        }),
        { caller: 'alice' },
      );
      expect(answer.status).toBe(502);
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_INVALID_ANSWER.*executionId/);
    } finally {
      await harness.close();
    }
  });
});

describe('a bindings store that fails', () => {
  it('refuses the call (fails closed) and tells the host why', async () => {
    const failing = new Error('store unreachable');
    const harness = await startProxyHarness({
      proxy: {
        claimCustomers: 'never',
        authorize: assertingAuthorize,
        bindings: {
          lookup: () => Promise.reject(failing),
          held: () => Promise.reject(failing),
          bind: () => Promise.reject(failing),
          countCall: async () => ({ count: 1, resetInMs: 60_000 }),
          admitIdentity: () => Promise.reject(failing),
        },
      },
    });
    try {
      const calls = { ...harness.sandbox.stats().calls };
      const answer = await harness.post('workflow.execution.status', '{"executionId":"E1"}', {
        caller: 'alice',
      });
      expect(answer.status).toBe(500);
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_INTERNAL_ERROR/);
      expect(JSON.stringify(answer)).not.toContain('unreachable');
      expect(harness.events.at(-1)).toMatchObject({ refusal: 'internal', detail: failing });
      expect(harness.sandbox.stats().calls).toEqual(calls);
    } finally {
      await harness.close();
    }
  });
});

describe("a customer the host names, with 'first-caller' claims on", () => {
  it('still wins: the caller registers and starts that customer only', async () => {
    const harness = await startProxyHarness({ proxy: { authorize: assertingAuthorize } });
    try {
      const client = harness.client('alice');
      await expect(client.register({ customerId: 'C_unclaimed' })).rejects.toMatchObject({
        apiMsg: expect.stringMatching(/^PROXY_FOREIGN_CUSTOMER/),
      });
      const { customerId = 'C_of_user-alice+minimal' } = await client.register({
        customerId: 'C_of_user-alice+minimal',
      });
      const { executionId } = await client.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: 'ref-both' },
      });
      expect((await client.getExecution({ executionId })).executionId).toBe(executionId);
    } finally {
      await harness.close();
    }
  });
});
