import { describe, expect, it } from 'vitest';
import { createProxyClient, createProxyFetch } from '../../src/adapters/browser/proxy-transport.js';
import { toFlowError } from '../../src/machine/flow-error.js';

/** A stand-in for the browser's fetch that keeps what it was asked to send. */
const recorder = () => {
  const sent: Array<{ url: string; init: RequestInit }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    sent.push({ url: String(input), init: init ?? {} });
    return new Response('{"apiCode":200,"data":{}}');
  };
  return { sent, fetch };
};

describe('the browser transport to the proxy', () => {
  it('turns a gateway-style call into a proxy call: only api in the URL, no domain, same body', async () => {
    const { sent, fetch } = recorder();
    const proxyFetch = createProxyFetch('https://app.example.com/api/kyc?tenant=acme', { fetch });
    const body = '{"executionId":"exec-1"}';
    await proxyFetch(
      new Request(
        'https://app.example.com/api/kyc?api=workflow.execution.status&apiVersion=1.0.0&apiKey=proxy&sign=abc',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-domain': 'proxy' },
          body,
        },
      ),
    );
    const [call] = sent;
    const url = new URL(call?.url ?? '');
    expect(url.pathname).toBe('/api/kyc');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'acme',
      api: 'workflow.execution.status',
    });
    const headers = new Headers(call?.init.headers);
    expect(headers.get('x-domain')).toBeNull();
    expect(headers.get('content-type')).toBe('application/json');
    expect(await new Response(call?.init.body).text()).toBe(body);
    // Cookies go with the call to the site's own proxy (fetch's default, left as it is).
    expect(new Request(call?.url ?? '', call?.init).credentials).toBe('same-origin');
  });

  it('adds the host headers to every call, asking a header function again each time', async () => {
    const { sent, fetch } = recorder();
    let token = 0;
    const proxyFetch = createProxyFetch('https://app.example.com/api/kyc', {
      fetch,
      credentials: 'include',
      headers: () => ({ authorization: `Bearer t${++token}` }),
    });
    const call = () =>
      proxyFetch('https://app.example.com/api/kyc?api=workflow.applicant.register', {
        method: 'POST',
        body: '{}',
      });
    await call();
    await call();
    expect(sent.map((s) => new Headers(s.init.headers).get('authorization'))).toEqual([
      'Bearer t1',
      'Bearer t2',
    ]);
    expect(sent[0]?.init.credentials).toBe('include');
  });

  it("reads a sign-in layer's own 401 as the proxy's sign-in refusal, and the proxy's own 401s as they are", async () => {
    const answering = (body: string) =>
      createProxyClient('https://app.example.com/api/kyc', {
        fetch: async () =>
          new Response(body, { status: 401, headers: { 'content-type': 'application/json' } }),
        retry: { limit: 0 },
      });
    const codeOf = (body: string) =>
      answering(body)
        .call('workflow.execution.status', { executionId: 'exec-1' })
        .then(
          () => 'answered',
          (error: unknown) => toFlowError(error).code,
        );
    // The host's sign-in layer, in its own JSON (a framework's answer to a JSON request).
    expect(await codeOf('{"error":"Unauthorized"}')).toBe('PROXY_UNAUTHENTICATED');
    expect(await codeOf('')).toBe('PROXY_UNAUTHENTICATED');
    // The proxy's own answers are envelopes: read as they are.
    const proxyOwn = '{"apiCode":999303,"apiMsg":"PROXY_FOREIGN_CUSTOMER: not yours","data":null}';
    expect(await codeOf(proxyOwn)).toBe('PROXY_FOREIGN_CUSTOMER');
    const relayed = '{"apiCode":999301,"apiMsg":"API_INVALID_REQUEST","data":null}';
    expect(await codeOf(relayed)).not.toBe('PROXY_UNAUTHENTICATED');
  });
});
