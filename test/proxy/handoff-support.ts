import { createProxyClient } from '../../src/adapters/browser/proxy-transport.js';
import type { GatewayProxyOptions } from '../../src/adapters/proxy/index.js';
import type { GatewayClient } from '../../src/services/index.js';
import type { ProxyHarness } from './harness.js';

/**
 * Sessions of the handoff suites, each its own caller (its own cookies, in a browser):
 * the desktop that hands a flow off, the phone that takes it, and someone else.
 */
export const DEVICES = ['desktop', 'phone', 'mallory'] as const;
export type Device = (typeof DEVICES)[number];

/** `Bearer <device>` names the caller; `customerOf` says which devices have a customer of record. */
export const authorizeDevices =
  (customerOf: (device: Device) => string | undefined = () => undefined) =>
  (request: Request): ReturnType<GatewayProxyOptions['authorize']> => {
    const name = request.headers.get('authorization')?.replace(/^Bearer /, '');
    const device = DEVICES.find((known) => known === name);
    if (!device) return null;
    const customerId = customerOf(device);
    return { callerId: `session-${device}`, ...(customerId ? { customerId } : {}) };
  };

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly envelope: { apiCode: number; apiMsg: string; data: unknown };
}

/** A call to the proxy as `device`'s page makes it (same origin), with a JSON body. */
export const callAs = async (
  harness: ProxyHarness,
  device: Device,
  api: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  const url = new URL(harness.proxyUrl);
  url.searchParams.set('api', api);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${device}`,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, envelope: JSON.parse(text) };
};

export const clientOf = (harness: ProxyHarness, device: Device): GatewayClient =>
  createProxyClient(harness.proxyUrl, {
    headers: { authorization: `Bearer ${device}` },
    retry: { limit: 0 },
  });

/** A snapshot as a browser flow saves it, waiting for a code to be checked (a code inside). */
export const sampleSnapshot = (executionId: string, email: string, code = '123456') => ({
  version: 1,
  snapshot: {
    status: 'active',
    value: { flow: 'verifying' },
    context: { executionId, customer: { customerId: 'C_handoff', email } },
    children: {
      verify: { src: 'verifyOtp', snapshot: { input: { executionId, code } } },
    },
  },
});

/** Starts an execution for `customerId` as the desktop (claimed on first registration). */
export const startAsDesktop = async (harness: ProxyHarness, customerId: string) => {
  const client = clientOf(harness, 'desktop');
  await client.register({ customerId });
  const { executionId } = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId: `ref-${customerId}` },
  });
  return executionId;
};
