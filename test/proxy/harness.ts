import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createProxyClient } from '../../src/adapters/browser/proxy-transport.js';
import {
  createGatewayProxy,
  type GatewayProxy,
  type GatewayProxyOptions,
  type ProxyErrorEvent,
} from '../../src/adapters/proxy/index.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import type { ExecutionAnswer, GatewayClient } from '../../src/services/index.js';

/** Bearer tokens the test backend knows, and whose session each one is. */
export const TOKENS = { alice: 'token-alice', bob: 'token-bob' } as const;
export type CallerName = keyof typeof TOKENS;

/** The host's hook: a bearer token names the caller; anything else is nobody. */
export const authorizeByToken: GatewayProxyOptions['authorize'] = (request) => {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  const entry = Object.entries(TOKENS).find(([, known]) => known === token);
  return entry ? { callerId: `user-${entry[0]}` } : null;
};

/** Serves a fetch handler on 127.0.0.1, any free port. */
export const serveOnLoopback = async (
  handler: (request: Request) => Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> => {
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    ) as Server;
    // Node's 5 s default races undici's idle-socket timer (coarse ticks, late under load): a
    // test's plain fetch after a quiet 5 s could reuse a socket the server just closed and
    // fail "fetch failed" (the client's own calls retry; a test's single fetch does not).
    if (server) server.keepAliveTimeout = 60_000;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      }),
  };
};

export interface ProxyHarness {
  readonly sandbox: Sandbox;
  readonly proxyUrl: string;
  /** Every answer the proxy gave (status line, headers and body), in order. */
  readonly answers: string[];
  /** Every request that reached the proxy: URL and headers. */
  readonly received: Array<{ readonly url: string; readonly headers: Headers }>;
  /** What the proxy sent upstream: URL, headers, body. */
  readonly forwarded: Array<{
    readonly url: string;
    readonly headers: Headers;
    readonly body: string;
  }>;
  readonly events: ProxyErrorEvent[];
  /** The mounted handler itself, for calls where HTTP adds nothing. */
  readonly handle: (request: Request) => Promise<Response>;
  /** A browser-side client of the proxy, signed in as `caller` (or as nobody). */
  client(caller?: CallerName): GatewayClient;
  /** A raw call to the proxy, as a browser (or an attacker) could make it. */
  post(
    api: string,
    body: BodyInit | null,
    options?: { caller?: CallerName; contentType?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; envelope: { apiCode: number; apiMsg: string; data: unknown } }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly sandbox?: SandboxOptions;
  readonly proxy?: Partial<GatewayProxyOptions>;
  /** Reuse a running sandbox (its owner closes it). */
  readonly upstream?: Sandbox;
}

export const startProxyHarness = async (options: HarnessOptions = {}): Promise<ProxyHarness> => {
  const sandbox =
    options.upstream ?? (await startSandbox({ speed: 50, seed: 7, ...options.sandbox }));
  const answers: string[] = [];
  const received: ProxyHarness['received'] = [];
  const forwarded: ProxyHarness['forwarded'] = [];
  const events: ProxyErrorEvent[] = [];
  const { apiKey, apiSecret, domainId } = sandbox.credentials;

  const proxy: GatewayProxy = createGatewayProxy({
    gatewayUrl: sandbox.gatewayUrl,
    apiKey,
    apiSecret,
    domainId,
    authorize: authorizeByToken,
    // The test backend's tokens name no customer: callers claim theirs by registering it
    // (the opt-in). Suites about the secure default pass an `authorize` that asserts one.
    claimCustomers: 'first-caller',
    // Flows here run the sandbox fast and one caller plays many customers; the suites about
    // quotas set their own.
    quotas: {
      bindingsPerCaller: 10_000,
      callsPerMinute: 1_000_000,
      keptFlowsPerCaller: 10_000,
      uploadsPerMinute: 1_000_000,
    },
    onError: (event) => events.push(event),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const copy = request.clone();
      forwarded.push({
        url: request.url,
        headers: request.headers,
        body: await copy.text(),
      });
      return fetch(request);
    },
    ...options.proxy,
  });

  const recording = async (request: Request): Promise<Response> => {
    received.push({ url: request.url, headers: new Headers(request.headers) });
    const response = await proxy(request);
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    answers.push(`${response.status}\n${headers}\n\n${await response.clone().text()}`);
    return response;
  };
  const server = await serveOnLoopback(recording);
  const proxyUrl = `${server.url}/api/kyc`;

  return {
    sandbox,
    proxyUrl,
    answers,
    received,
    forwarded,
    events,
    handle: recording,
    client: (caller) =>
      createProxyClient(proxyUrl, {
        headers: caller ? { authorization: `Bearer ${TOKENS[caller]}` } : {},
        retry: { limit: 0 },
      }),
    post: async (api, body, { caller, contentType = 'application/json', headers = {} } = {}) => {
      const url = new URL(proxyUrl);
      url.searchParams.set('api', api);
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          ...(contentType ? { 'content-type': contentType } : {}),
          ...(caller ? { authorization: `Bearer ${TOKENS[caller]}` } : {}),
          ...headers,
        },
        body,
      });
      return { status: response.status, envelope: await response.json() };
    },
    close: async () => {
      await server.close();
      if (!options.upstream) await sandbox.close();
    },
  };
};

/** Polls through `client` until `done` says so (the sandbox runs at high speed). */
export const pollUntil = async (
  client: GatewayClient,
  executionId: string,
  done: (state: ExecutionAnswer) => boolean,
): Promise<ExecutionAnswer> => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await client.getExecution({ executionId });
    if (done(state)) return state;
    if (Date.now() > deadline) throw new Error(`execution stuck in ${state.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Registers `customerId` and starts its workflow as `client`; resolves at its first node. */
export const startedAtFirstNode = async (
  client: GatewayClient,
  customerId: string,
): Promise<{ executionId: string; node: ExecutionAnswer['currentNode'] }> => {
  await client.register({ customerId });
  const { executionId } = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId: `ref-${customerId}` },
  });
  const state = await pollUntil(client, executionId, (s) => s.status === 'WAITING');
  return { executionId, node: state.currentNode };
};

/**
 * What must never appear in an answer: the secret, a signature parameter, a 64-hex string
 * (a signature), or upstream detail (a network error, a stack trace, the sandbox's URL).
 */
export const leaksIn = (answers: readonly string[], sandbox: Sandbox): string[] => {
  const { apiSecret } = sandbox.credentials;
  const upstreamHost = new URL(sandbox.gatewayUrl).host;
  const leaks: Array<[string, (answer: string) => boolean]> = [
    ['the apiSecret', (answer) => answer.includes(apiSecret)],
    ['a sign= parameter', (answer) => /sign=/i.test(answer)],
    ['a signature', (answer) => /[0-9a-f]{64}/i.test(answer)],
    ['the upstream address', (answer) => answer.includes(upstreamHost)],
    ['a network error', (answer) => /ECONN|ETIMEDOUT|fetch failed|socket/i.test(answer)],
    ['a stack trace', (answer) => /\n\s+at |Error:/.test(answer)],
  ];
  return answers.flatMap((answer) =>
    leaks.filter(([, found]) => found(answer)).map(([what]) => `${what} in: ${answer}`),
  );
};
