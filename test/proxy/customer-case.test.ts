import { describe, expect, it } from 'vitest';
import { createGatewayProxy } from '../../src/adapters/proxy/index.js';
import { envelope, FAKE_CREDENTIALS, fakeFetchGateway } from '../support/fake-fetch-gateway.js';

const ALICES_EMAIL = 'alice.case@example.com';

/**
 * A gateway that knows a customer by its id ignoring case (as a database column with a
 * case-insensitive collation does), answering a register with the record it holds.
 * `echo`: the id it answers with, the one stored or the one sent.
 */
const caseBlindGateway = (echo: 'stored' | 'sent') => {
  const customers = new Map<string, { customerId: string; email?: unknown }>();
  return fakeFetchGateway(({ api, body }) => {
    if (api !== 'workflow.applicant.register') return envelope(null);
    const sent = String(body.customerId);
    const record = customers.get(sent.toLowerCase()) ?? {
      customerId: sent,
      ...(body.email === undefined ? {} : { email: body.email }),
    };
    customers.set(sent.toLowerCase(), record);
    return envelope({ ...record, customerId: echo === 'stored' ? record.customerId : sent });
  });
};

const firstCallerProxy = (gateway: ReturnType<typeof caseBlindGateway>) => {
  const proxy = createGatewayProxy({
    ...FAKE_CREDENTIALS,
    authorize: (request) => ({ callerId: request.headers.get('x-caller') ?? '' }),
    claimCustomers: 'first-caller',
    fetch: gateway.fetch,
  });
  return async (callerId: string, body: Record<string, unknown>) => {
    const answer = await proxy(
      new Request('http://proxy.test/api/kyc?api=workflow.applicant.register', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-caller': callerId },
        body: JSON.stringify(body),
      }),
    );
    return { status: answer.status, text: await answer.text() };
  };
};

describe("first-caller: a case variant of another caller's customerId", () => {
  for (const echo of ['sent', 'stored'] as const) {
    it(`gets nothing of the first customer back (a gateway that answers with the id ${echo})`, async () => {
      const gateway = caseBlindGateway(echo);
      const register = firstCallerProxy(gateway);
      const alices = await register('alice', { customerId: 'C_Alice', email: ALICES_EMAIL });
      expect(alices.status).toBe(200);

      for (const variant of [
        'c_alice',
        'C_ALICE',
        'ｃ_ａｌｉｃｅ',
        'C_Alicé ',
        'C_Al\u200bice',
        'C_Alice\0x',
      ]) {
        const bobs = await register('bob', { customerId: variant });
        expect(bobs.text).not.toContain(ALICES_EMAIL);
        expect(bobs.status).toBe(403);
        expect(bobs.text).toMatch(/PROXY_FOREIGN_CUSTOMER/);
      }
      // Refused before the gateway heard of it.
      expect(gateway.of('workflow.applicant.register')).toHaveLength(1);
      // Alice herself still registers her own id again.
      expect((await register('alice', { customerId: 'C_Alice' })).status).toBe(200);
    });
  }

  it('relays only the customerId sent when a gateway answers a register with another customer', async () => {
    // Ids the host names (the default), two users' differing only in case: a gateway that
    // matches ignoring case answers the second with the first's record.
    const gateway = caseBlindGateway('stored');
    const proxy = createGatewayProxy({
      ...FAKE_CREDENTIALS,
      authorize: (request) => {
        const customerId = request.headers.get('x-customer') ?? '';
        return { callerId: `user-${customerId}`, customerId };
      },
      fetch: gateway.fetch,
    });
    const register = async (customerId: string, email: string) => {
      const answer = await proxy(
        new Request('http://proxy.test/api/kyc?api=workflow.applicant.register', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-customer': customerId },
          body: JSON.stringify({ customerId, email }),
        }),
      );
      return { status: answer.status, text: await answer.text() };
    };
    const alices = await register('Alice', ALICES_EMAIL);
    expect(JSON.parse(alices.text).data).toEqual({ customerId: 'Alice', email: ALICES_EMAIL });
    const bobs = await register('alice', 'bob@example.com');
    expect(bobs.status).toBe(200);
    expect(bobs.text).not.toContain(ALICES_EMAIL);
    expect(JSON.parse(bobs.text).data).toEqual({ customerId: 'alice' });
  });
});
