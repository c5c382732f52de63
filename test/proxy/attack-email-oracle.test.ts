import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeByToken, type ProxyHarness, startProxyHarness } from './harness.js';

const KNOWN_EMAIL = 'known.oracle@example.com';

describe('attack 4: the email oracle', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness();
    const owner = await harness.post(
      'workflow.applicant.register',
      JSON.stringify({ customerId: 'C_oracle_owner', email: KNOWN_EMAIL }),
      { caller: 'alice' },
    );
    expect(owner.status).toBe(200);
  });
  afterAll(() => harness.close());

  it('answers an email-only register the same whether the email is registered or not', async () => {
    const registrations = harness.sandbox.stats().registrations;
    const ask = (email: string) =>
      harness.post('workflow.applicant.register', JSON.stringify({ email }), { caller: 'bob' });
    const known = await ask(KNOWN_EMAIL);
    const unknown = await ask('nobody.oracle@example.com');

    expect(known).toEqual(unknown);
    expect(known.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(known)).not.toContain('C_oracle_owner');
    // Nothing reached the gateway, so nothing was created for the unknown email either.
    expect(harness.sandbox.stats().registrations).toBe(registrations);
  });

  it('answers the same for a host that asserts the customer', async () => {
    const asserting = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        claimCustomers: 'never',
        authorize: async (request) => {
          const caller = await authorizeByToken(request);
          return caller && { ...caller, customerId: `C_of_${caller.callerId}` };
        },
      },
    });
    try {
      const ask = (email: string) =>
        asserting.post('workflow.applicant.register', JSON.stringify({ email }), {
          caller: 'bob',
        });
      expect(await ask(KNOWN_EMAIL)).toEqual(await ask('nobody.oracle@example.com'));
    } finally {
      await asserting.close();
    }
  });
});

describe('attack 4: squatting with a refused register', () => {
  let harness: ProxyHarness;
  /** The gateway refuses the next register of this customerId (say, a check it runs). */
  let refuseNext: string | undefined;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          const body = await request.clone().text();
          if (refuseNext !== undefined && body.includes(refuseNext)) {
            refuseNext = undefined;
            return Response.json({ apiCode: 999301, apiMsg: 'refused', data: null });
          }
          return fetch(request);
        },
      },
    });
  });
  afterAll(() => harness.close());

  it('claims nothing for a register the gateway refused', async () => {
    const body = JSON.stringify({ customerId: 'C_squatted' });
    refuseNext = 'C_squatted';
    const refused = await harness.post('workflow.applicant.register', body, { caller: 'bob' });
    expect(refused.envelope.apiCode).toBe(999301);

    const owner = await harness.post('workflow.applicant.register', body, { caller: 'alice' });
    expect(owner.status).toBe(200);
    expect(owner.envelope.data).toMatchObject({ customerId: 'C_squatted' });
    const again = await harness.post('workflow.applicant.register', body, { caller: 'bob' });
    expect(again.status).toBe(403);
  });
});
