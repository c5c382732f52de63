import { createInspector } from '@statelyai/inspect';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createBrowserFlow, LOCAL_INSPECTOR_CHANNEL } from '../../src/adapters/browser/index.js';
import { toInspectorEvent } from '../../src/adapters/browser/inspector-event.js';
import { answerAll } from '../machine/answers.js';
import { type ProxyHarness, startProxyHarness, TOKENS } from '../proxy/harness.js';

const SPEED = 100;
const OTP_CODE = '918273';

let harness: ProxyHarness;
beforeAll(async () => {
  harness = await startProxyHarness({
    sandbox: { speed: SPEED, seed: 9, otpCode: OTP_CODE },
    // The sample answers name file addresses of their own (planted to be redacted), not
    // the proxy's uploads.
    proxy: { uploads: { fileAddresses: 'any' } },
  });
});
afterAll(() => harness.close());

/** Everything the Stately inspector would post to its window, through its own pipeline. */
const throughInspector = async (
  events: readonly InspectionEvent[],
  serialize?: (event: never) => unknown,
): Promise<string> => {
  const sent: unknown[] = [];
  const inspector = createInspector(
    { send: (event) => sent.push(serialize ? serialize(event as never) : event) },
    serialize ? { serialize: serialize as never } : {},
  );
  for (const event of events) inspector.inspect.next?.(event);
  // Outside a page the inspector converts each event on a zero-delay timer of its own: one
  // more such timer, set after theirs, fires once they all have.
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(sent.length).toBeGreaterThan(events.length / 2);
  return JSON.stringify(sent);
};

it('sends the inspector no name, email, phone, file URL or OTP code', async () => {
  const events: InspectionEvent[] = [];
  const customer = {
    customerId: 'C_inspected+full',
    email: 'jane.inspected@example.com',
    phone: '+6590001111',
  };
  const flow = createBrowserFlow({
    proxyUrl: harness.proxyUrl,
    customer,
    storage: false,
    headers: { authorization: `Bearer ${TOKENS.alice}` },
    polling: { timeScale: SPEED },
    inspect: (event) => events.push(event),
  });
  answerAll(flow, { otpCode: OTP_CODE });
  const outcome = await flow.run().whenDone();
  flow.stop();
  expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });

  const personal = [customer.email, customer.phone, 'Jane Doe', 's3://', `"${OTP_CODE}"`];
  // The check can fail: unredacted, the same events carry every one of them.
  const raw = await throughInspector(events, (event) =>
    JSON.parse(JSON.stringify(event, skipRefs)),
  );
  for (const value of personal) expect(raw).toContain(value);

  const shown = await throughInspector(events, toInspectorEvent);
  for (const value of personal) expect(shown).not.toContain(value);
  // What the chart did is still there: event types and state values.
  expect(shown).toContain('"type":"VERIFY_OTP"');
  expect(shown).toContain('"emailOtp":"codeSent"');
});

it("with inspect: 'local', posts the chart's events, redacted, to a BroadcastChannel of the site", async () => {
  const received: Array<{
    type: string;
    event?: { type: string };
    snapshot?: { status?: string };
  }> = [];
  const viewer = new BroadcastChannel(LOCAL_INSPECTOR_CHANNEL);
  viewer.onmessage = (message) => received.push(message.data);
  const customer = {
    customerId: 'C_local+full',
    email: 'jane.local@example.com',
    phone: '+6590002222',
  };
  const flow = createBrowserFlow({
    proxyUrl: harness.proxyUrl,
    customer,
    storage: false,
    headers: { authorization: `Bearer ${TOKENS.alice}` },
    polling: { timeScale: SPEED },
    inspect: 'local',
  });
  answerAll(flow, { otpCode: OTP_CODE });
  try {
    await expect(flow.run().whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    // The channel delivers a moment later; the final snapshot is the last to come.
    await vi.waitFor(() =>
      expect(received.some((event) => event.snapshot?.status === 'done')).toBe(true),
    );
  } finally {
    flow.stop();
    viewer.close();
  }
  const shown = JSON.stringify(received);
  for (const value of [customer.email, customer.phone, 'Jane Doe', 's3://', `"${OTP_CODE}"`]) {
    expect(shown).not.toContain(value);
  }
  expect(received.some((event) => event.event?.type === 'VERIFY_OTP')).toBe(true);
  expect(shown).toContain('"emailOtp":"codeSent"');
});

/** Actor references are cyclic; the unredacted control keeps only their plain data. */
function skipRefs(this: unknown, key: string, value: unknown) {
  if (key === '_parent' || key === 'system' || key === 'children' || key === 'logic') {
    return undefined;
  }
  return value;
}
