/**
 * A vendor gateway as a plain `fetch` for the real client: each call answered by a function
 * of it, every call logged with its time. No socket is opened.
 */
export interface FakeCall {
  readonly api: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export type Answerer = (call: FakeCall) => Response | Promise<Response>;

/** A success envelope around `data`. */
export const envelope = (data: unknown): Response =>
  new Response(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

/** Credentials of a gateway nobody can reach: every call goes to the fake `fetch`. */
export const FAKE_CREDENTIALS = {
  gatewayUrl: 'https://gateway.example.test/gateway',
  apiKey: 'ak_test',
  apiSecret: 'sk_test',
  domainId: 'dom',
};

export function fakeFetchGateway(answer: Answerer) {
  const calls: FakeCall[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = input instanceof Request ? await input.clone().text() : String(init?.body ?? '{}');
    const call = {
      api: url.searchParams.get('api') ?? '',
      body: JSON.parse(body || '{}') as Record<string, unknown>,
      at: Date.now(),
    };
    calls.push(call);
    return answer(call);
  };
  const of = (api: string) => calls.filter((call) => call.api === api);
  return { fetch, calls, of };
}
