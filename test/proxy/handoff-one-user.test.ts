import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyClient } from '../../src/adapters/browser/proxy-transport.js';
import type { GatewayProxyOptions } from '../../src/adapters/proxy/index.js';
import { callAs, sampleSnapshot } from './handoff-support.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

/**
 * Where customers sign in, her computer and her phone are one user: one `callerId`, as the
 * README's `authorize` returns it. The `sessionId` beside it tells the two devices apart, so
 * the phone may open the computer's link, and the computer then waits for it; without one,
 * the two are one caller and the reason says what to return.
 */

const CUSTOMER = 'C_alice+minimal';

/** `Bearer <user>:<session>`: the user signed in on one of her devices. */
const signedIn =
  (withSessionId: boolean): GatewayProxyOptions['authorize'] =>
  (request) => {
    const [user, session] = (request.headers.get('authorization') ?? '')
      .replace(/^Bearer /, '')
      .split(':');
    if (user !== 'alice' || !session) return null;
    return {
      callerId: 'user-alice',
      customerId: CUSTOMER,
      ...(withSessionId && { sessionId: `session-${session}` }),
    };
  };

/** A call as her `device`'s page makes it: `callAs`, signed in as her on that device. */
const call = async (harness: ProxyHarness, device: string, api: string, body: unknown) =>
  (await callAs(harness, 'desktop', api, body, { authorization: `Bearer alice:${device}` }))
    .envelope;

const clientOf = (harness: ProxyHarness, device: string) =>
  createProxyClient(harness.proxyUrl, {
    headers: { authorization: `Bearer alice:${device}` },
    retry: { limit: 0 },
  });

/** Her computer starts the verification, keeps it on the server and makes a link. */
const startOnComputer = async (harness: ProxyHarness, customerId: string) => {
  const computer = clientOf(harness, 'computer');
  await computer.register({ customerId });
  const { executionId } = await computer.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId: `ref-${Date.now()}` },
  });
  const snapshot = sampleSnapshot(executionId, 'alice@example.com');
  const key = `kyc-flow:${customerId}`;
  expect(
    (await call(harness, 'computer', 'flow.save', { executionId, key, snapshot })).apiCode,
  ).toBe(200);
  const link = await call(harness, 'computer', 'handoff.create', { executionId });
  return { executionId, key, token: (link.data as { token: string }).token };
};

describe('a handoff between two devices of one signed-in user', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: { authorize: signedIn(true), claimCustomers: 'never' },
    });
  });
  afterAll(() => harness?.close());

  it('opens on her phone (another sessionId), which alone drives until it hands back', async () => {
    const { executionId, key, token } = await startOnComputer(harness, CUSTOMER);
    // The computer's own session cannot open it, and opening it there spends nothing.
    expect((await call(harness, 'computer', 'handoff.redeem', { token })).apiMsg).toMatch(
      /^PROXY_HANDOFF_REFUSED/,
    );
    const redeemed = await call(harness, 'phone', 'handoff.redeem', { token });
    expect(redeemed.apiCode).toBe(200);
    expect(redeemed.data).toMatchObject({ snapshot: { snapshot: { context: { executionId } } } });

    const phone = clientOf(harness, 'phone');
    const computer = clientOf(harness, 'computer');
    expect((await phone.getExecution({ executionId })).executionId).toBe(executionId);
    await expect(computer.getExecution({ executionId })).rejects.toMatchObject({
      message: expect.stringMatching(/PROXY_DRIVEN_ELSEWHERE/),
    });
    expect((await call(harness, 'computer', 'flow.load', { key })).data).toMatchObject({
      drivenElsewhere: true,
      taken: 1,
    });
    // The phone keeps what it does, and the computer cannot write over it meanwhile.
    expect((await call(harness, 'phone', 'flow.save', { executionId })).data).toEqual({
      kept: true,
    });
    expect((await call(harness, 'computer', 'flow.save', { executionId })).apiMsg).toMatch(
      /^PROXY_DRIVEN_ELSEWHERE/,
    );

    expect((await call(harness, 'phone', 'handoff.return', { executionId })).apiCode).toBe(200);
    expect((await computer.getExecution({ executionId })).executionId).toBe(executionId);
    expect((await call(harness, 'computer', 'flow.load', { key })).data).toMatchObject({
      drivenElsewhere: false,
    });
  });
});

describe('the same, when authorize returns no sessionId', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: { authorize: signedIn(false), claimCustomers: 'never' },
    });
  });
  afterAll(() => harness?.close());

  it('refuses her phone as the maker itself, and tells the host to return a sessionId', async () => {
    const { token } = await startOnComputer(harness, CUSTOMER);
    const refused = await call(harness, 'phone', 'handoff.redeem', { token });
    expect(refused.apiMsg).toMatch(/^PROXY_HANDOFF_REFUSED/);
    expect(harness.events.at(-1)).toMatchObject({
      refusal: 'handoffRefused',
      detail: expect.stringMatching(/sessionId/),
    });
  });
});
