import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createGatewayClient,
  GatewayError,
  type RetryEvent,
  TransportError,
  ValidationError,
} from '../../src/services/index.js';
import { failure } from '../support/failure.js';

/** What the next request is answered with; reset before every test. */
type Behaviour = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

const envelope = (data: unknown) => JSON.stringify({ apiCode: 200, apiMsg: 'OK', data });

const echo: Behaviour = (request, body, response) => {
  const { customerId } = JSON.parse(body.toString('utf8')) as { customerId: string };
  response.writeHead(200, {
    'content-type': 'application/json',
    'x-declared-length': String(request.headers['content-length']),
    'x-received-length': String(body.byteLength),
  });
  response.end(envelope({ customerId }));
};

let server: Server;
let base: string;
let behaviour: Behaviour[] = [];
let connections = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      const next = behaviour.length > 1 ? behaviour.shift() : behaviour[0];
      (next ?? echo)(request, Buffer.concat(chunks), response);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  behaviour = [echo];
  requests = 0;
});

/** The default client in Node: no `fetch` given, so ky sends with Node's own. */
const client = (
  overrides: { timeoutMs?: number; limit?: number; onRetry?: (event: RetryEvent) => void } = {},
) =>
  createGatewayClient({
    gatewayUrl: `${base}/gateway`,
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'dom_test',
    timeoutMs: overrides.timeoutMs ?? 5_000,
    retry: { limit: overrides.limit ?? 0, baseDelayMs: 1, maxDelayMs: 1 },
    ...(overrides.onRetry ? { onRetry: overrides.onRetry } : {}),
  });

const failureEnvelope = (apiCode: number, apiMsg: string) =>
  JSON.stringify({ apiCode, apiMsg, data: null });

describe('createGatewayClient in Node: ky over real HTTP', () => {
  it('sends any text whole: the declared length is the UTF-8 byte length', async () => {
    const customerId = 'Zoë-Ångström-李小龍-😀';
    let lengths: [string | null, string | null] = [null, null];
    behaviour = [
      (request, body, response) => {
        lengths = [String(request.headers['content-length']), String(body.byteLength)];
        echo(request, body, response);
      },
    ];
    const answer = await client().register({ customerId });
    expect(answer.customerId).toBe(customerId);
    expect(lengths[0]).toBe(lengths[1]);
  });

  it('keeps the connection alive between calls', async () => {
    const before = connections;
    const gateway = client();
    for (let index = 0; index < 5; index++) await gateway.register({ customerId: `C_${index}` });
    expect(requests).toBe(5);
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('a body that stalls past the deadline is a timeout, then retried', async () => {
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"apiCode":200,');
      },
      echo,
    ];
    const answer = await client({ timeoutMs: 150, limit: 1 }).register({ customerId: 'C_1' });
    expect(answer.customerId).toBe('C_1');
    expect(requests).toBe(2);
  });

  it('a connection cut in the middle of the body is a network failure', async () => {
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        response.write('{"apiCode":200,', () => response.socket?.destroy());
      },
    ];
    const error = await failure(client().register({ customerId: 'C_1' }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'network' });
  });

  it('an abort is immediate and typed, even while the answer is awaited', async () => {
    const controller = new AbortController();
    // The server has the whole request, and never answers: the abort comes then.
    behaviour = [() => controller.abort()];
    const call = client().register({ customerId: 'C_1' }, { signal: controller.signal });
    const error = await failure(call);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'abort' });
  });

  it('reads a gzip-compressed answer as the envelope it holds (fetch decodes it)', async () => {
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(envelope({ customerId: 'C_1' })));
      },
    ];
    await expect(client().register({ customerId: 'C_1' })).resolves.toEqual({ customerId: 'C_1' });
  });

  it('reads Retry-After from a 429 and retries after it', async () => {
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(429, { 'retry-after': '0' }).end();
      },
      echo,
    ];
    const answer = await client({ limit: 1 }).register({ customerId: 'C_2' });
    expect(answer.customerId).toBe('C_2');
    expect(requests).toBe(2);
  });

  it('retries a 999401 that arrives inside an HTTP 200, and tells onRetry', async () => {
    const retries: RetryEvent[] = [];
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(failureEnvelope(999401, 'SERVICE_TIME_OUT'));
      },
      echo,
    ];
    const gateway = client({ limit: 2, onRetry: (event) => retries.push(event) });
    await expect(gateway.register({ customerId: 'C_3' })).resolves.toEqual({ customerId: 'C_3' });
    expect(requests).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(GatewayError);
    expect(retries[0]?.error).toMatchObject({ apiCode: 999401, retryable: true });
  });

  it.each([
    ['999001 in an HTTP 200', 200, failureEnvelope(999001, 'SIGN_ERROR')],
    ['a bare 403', 403, 'Forbidden'],
    ['a bare 501', 501, 'Not Implemented'],
  ])('does not retry %s', async (_, status, body) => {
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(body);
      },
      echo,
    ];
    const error = await failure(client({ limit: 3 }).register({ customerId: 'C_4' }));
    expect(error).toMatchObject({ retryable: false });
    expect(requests).toBe(1);
  });
});

describe('an answer longer than maxAnswerBytes', () => {
  const CAP = 64 * 1024;
  const capped = (maxAnswerBytes = CAP) =>
    createGatewayClient({
      gatewayUrl: `${base}/gateway`,
      apiKey: 'ak_test',
      apiSecret: 'sk_test',
      domainId: 'dom_test',
      timeoutMs: 30_000,
      retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 1 },
      maxAnswerBytes,
    });

  /** Streams spaces (JSON's own whitespace) without end; `closed` tells how much was sent. */
  const endless = () => {
    let written = 0;
    let closed: (bytes: number) => void = () => undefined;
    const whenClosed = new Promise<number>((resolve) => {
      closed = resolve;
    });
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const behave: Behaviour = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (!response.destroyed && response.write(chunk)) written += chunk.length;
      };
      response.on('drain', pump);
      response.on('close', () => closed(written));
      pump();
    };
    return { behave, whenClosed };
  };

  it('is refused once the limit is passed, the connection let go, and not asked for again', async () => {
    const stream = endless();
    behaviour = [stream.behave];
    const error = await failure(capped().getExecution({ executionId: 'exec-1' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      method: 'workflow.execution.status',
      direction: 'response',
      unreadable: true,
      retryable: false,
    });
    expect(error.message).toContain(`at most ${CAP} bytes`);
    // The gateway stops sending soon after the limit: the rest is never read, nor held.
    expect(await stream.whenClosed).toBeLessThan(64 * CAP);
    expect(requests).toBe(1);
  });

  it('is refused unread when its declared length is beyond the limit', async () => {
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(CAP * 1024),
        });
        response.write(Buffer.alloc(1024, 0x20));
      },
    ];
    const error = await failure(capped().register({ customerId: 'C_big' }));
    expect(error).toMatchObject({ unreadable: true, message: expect.stringContaining(`${CAP}`) });
  });

  it('is refused when it is small compressed and large decoded (a gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(bomb.byteLength),
        });
        response.end(bomb);
      },
    ];
    expect(bomb.byteLength).toBeLessThan(CAP);
    const error = await failure(capped().register({ customerId: 'C_bomb' }));
    expect(error).toMatchObject({ unreadable: true, message: expect.stringContaining(`${CAP}`) });
  });

  it('is read whole when within the limit, however it is sent (chunked or declared)', async () => {
    const padded = `${' '.repeat(CAP - 100)}${envelope({ customerId: 'C_pad' })}`;
    behaviour = [
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        for (let at = 0; at < padded.length; at += 1000)
          response.write(padded.slice(at, at + 1000));
        response.end();
      },
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(padded);
      },
    ];
    const gateway = capped();
    await expect(gateway.register({ customerId: 'C_pad' })).resolves.toEqual({
      customerId: 'C_pad',
    });
    await expect(gateway.register({ customerId: 'C_pad' })).resolves.toEqual({
      customerId: 'C_pad',
    });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxAnswerBytes %s with a RangeError', (value) => {
    expect(() => capped(value)).toThrow(/maxAnswerBytes must be a positive integer/);
  });
});
