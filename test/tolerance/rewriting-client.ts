import type { Sandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';

/** What a rewrite may do with one call: answer it itself, or let the sandbox answer. */
export type Rewrite = (
  method: string,
  answer: () => Promise<Response>,
) => Response | undefined | Promise<Response | undefined>;

/** A JSON envelope as a gateway sends it, with `headers` besides. */
export const envelopeResponse = (body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });

/**
 * A client of the real sandbox over loopback whose `fetch` lies where `rewrite` says: a
 * gateway that answers where the vendor's guide is silent otherwise than the sandbox does.
 * Every call is logged with its method and time.
 */
export function rewritingClient(sandbox: Sandbox, rewrite: Rewrite) {
  const calls: { method: string; at: number }[] = [];
  const client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 5_000,
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const method = new URL(url).searchParams.get('api') ?? '';
      calls.push({ method, at: Date.now() });
      const real = () => globalThis.fetch(input, init);
      return (await rewrite(method, real)) ?? real();
    },
  });
  const of = (method: string) => calls.filter((call) => call.method === method);
  return { client, calls, of };
}

/** The sandbox's own answer to a call, with its `data.status` replaced by `status`. */
export async function withStatus(answer: () => Promise<Response>, status: string) {
  const body = (await (await answer()).json()) as { data?: Record<string, unknown> };
  return envelopeResponse({ ...body, data: { ...body.data, status } });
}
