import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  createGatewayClient,
  type GatewayClientOptions,
  GatewayError,
  METHOD_FUNCTIONS,
  METHOD_NAMES,
  type MethodFunctionsInSync,
  type RetryEvent,
  TransportError,
  ValidationError,
} from '../../src/services/index.js';
import { failure } from '../support/failure.js';
import {
  answer,
  envelope,
  failWith,
  fakeFetch,
  hang,
  ok,
  type Step,
  stallBody,
} from './fake-fetch.js';

const SECRET = 'sk_top_secret_value';
const node = {
  executionId: 'exec-1',
  callbackKey: 'kyc:particular:exec-1:1',
  referenceId: 'ref-1',
};
const person = { name: 'Zoë Secretname', dateOfBirth: '1990-01-15', nationality: 'SG' };
const setup = (steps: Step[], options: Partial<GatewayClientOptions> = {}) => {
  const fake = fakeFetch(...steps);
  const retries: RetryEvent[] = [];
  const client = createGatewayClient({
    gatewayUrl: 'https://gw.example/gateway',
    apiKey: 'ak_test',
    apiSecret: SECRET,
    domainId: 'dom_test',
    fetch: fake.fetch,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5 },
    onRetry: (event) => retries.push(event),
    ...options,
  });
  return { client, sent: fake.sent, retries };
};

describe('createGatewayClient: requests', () => {
  it('POSTs the exact signed bytes with the documented URL and headers', async () => {
    const { client, sent } = setup([ok({ ...node, accepted: true })]);
    await client.submitParticulars({ ...node, personData: person });
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(`${request?.url.origin}${request?.url.pathname}`).toBe('https://gw.example/gateway');
    expect([...(request?.url.searchParams.keys() ?? [])]).toEqual([
      'api',
      'apiVersion',
      'apiKey',
      'sign',
    ]);
    expect(request?.url.searchParams.get('api')).toBe('workflow.kyc.particular.data');
    expect(request?.url.searchParams.get('apiVersion')).toBe('1.0.0');
    expect(request?.url.searchParams.get('apiKey')).toBe('ak_test');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.headers.get('x-domain')).toBe('dom_test');
    const body = request?.body ?? '';
    expect(request?.url.searchParams.get('sign')).toBe(
      createHmac('sha256', SECRET).update(body, 'utf8').digest('hex'),
    );
    const wire = JSON.parse(body);
    expect(typeof wire.personData).toBe('string');
    expect(JSON.parse(wire.personData)).toEqual(person);
  });

  it('refuses invalid host input before sending anything, naming the field', async () => {
    const { client, sent } = setup([ok({})]);
    const error = await failure(
      client.submitParticulars({
        ...node,
        personData: { ...person, dateOfBirth: '15/01/1990' },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ direction: 'request', field: 'personData.dateOfBirth' });
    expect(sent).toHaveLength(0);
  });

  it('uses a custom signer on the exact bytes it sends', async () => {
    const seen: string[] = [];
    const { client, sent } = setup([ok({ customerId: 'C_1' })], {
      apiSecret: undefined,
      sign: async (body) => {
        seen.push(body);
        return 'proxy-made';
      },
    });
    await client.register({ customerId: 'C_1' });
    expect(seen).toEqual([sent[0]?.body]);
    expect(sent[0]?.url.searchParams.get('sign')).toBe('proxy-made');
  });

  it('without a secret or signer, sends unsigned through the given fetch (a signing proxy)', async () => {
    const { client, sent } = setup([ok({ customerId: 'C_1' })], { apiSecret: undefined });
    await expect(client.register({ customerId: 'C_1' })).resolves.toEqual({ customerId: 'C_1' });
    expect(sent[0]?.url.searchParams.has('sign')).toBe(false);
  });

  it('refuses a method outside the contract before sending', async () => {
    const { client, sent } = setup([ok({})]);
    const error = await failure(
      client.call('workflow.nope' as 'workflow.execution.status', { executionId: 'exec-1' }),
    );
    expect(error).toMatchObject({ direction: 'request', field: 'api' });
    expect(sent).toHaveLength(0);
  });

  it('refuses to be created with no way to sign and no proxy fetch', () => {
    expect(() =>
      createGatewayClient({
        gatewayUrl: 'https://gw.example/gateway',
        apiKey: 'ak',
        domainId: 'd',
      }),
    ).toThrow(TypeError);
  });

  it('outside a page, a relative gateway URL fails the call, naming gatewayUrl, and sends nothing', async () => {
    const { client, sent } = setup([ok({ customerId: 'C_1' })], { gatewayUrl: '/api/kyc' });
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('gatewayUrl');
    expect(sent).toHaveLength(0);
  });

  it('has one domain-named function per gateway method', async () => {
    expectTypeOf<MethodFunctionsInSync>().toEqualTypeOf<true>();
    expect(Object.values(METHOD_FUNCTIONS).sort()).toEqual([...METHOD_NAMES].sort());
    const { client, sent } = setup([ok({ executionId: 'exec-1', status: 'RUNNING' })]);
    await client.getExecution({ executionId: 'exec-1' });
    await client.call('workflow.execution.status', { executionId: 'exec-1' });
    expect(sent.map((request) => request.url.searchParams.get('api'))).toEqual([
      'workflow.execution.status',
      'workflow.execution.status',
    ]);
    for (const name of Object.keys(METHOD_FUNCTIONS)) {
      expect(client).toHaveProperty(name, expect.any(Function));
    }
    expect(Object.isFrozen(client)).toBe(true);
  });
});

describe('createGatewayClient: answers', () => {
  it('tells a refusal that repeats the request URL without the apiKey or the signature', async () => {
    // A gateway whose message quotes the request it refused, URL and all.
    const echo: Step = (request) =>
      new Response(envelope(null, 999301, `invalid request: ${request.url}`), {
        headers: { 'content-type': 'application/json' },
      });
    const { client, sent } = setup([echo]);
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toBeInstanceOf(GatewayError);
    const sign = sent[0]?.url.searchParams.get('sign') ?? '';
    expect(sign).toMatch(/^[0-9a-f]{64}$/);
    const told = `${error.message} ${(error as GatewayError).apiMsg} ${inspect(error)}`;
    expect(told).not.toContain('ak_test');
    expect(told).not.toContain(sign);
    expect((error as GatewayError).apiMsg).toBe(
      'invalid request: https://gw.example/gateway?api=workflow.applicant.register&apiVersion=1.0.0&apiKey=[apiKey]&sign=[sign]',
    );
    expect(error).toMatchObject({ apiCode: 999301, method: 'workflow.applicant.register' });
  });

  it('validates the answer and names the wrong field', async () => {
    // A number is its digits (a status the guide does not list); an object is no status.
    const { client } = setup([ok({ executionId: 'exec-1', status: { code: 42 } })]);
    const error = await failure(client.getExecution({ executionId: 'exec-1' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ direction: 'response', field: 'status' });
  });

  it('reads tolerantly: a status in any case, an unknown one kept, unknown fields passed on', async () => {
    const { client } = setup([
      ok({ executionId: 'exec-1', status: 'waiting', currentNode: { nodeType: 'x' }, extra: 1 }),
      ok({ executionId: 'exec-1', status: 'PAUSED' }),
    ]);
    await expect(client.getExecution({ executionId: 'exec-1' })).resolves.toEqual({
      executionId: 'exec-1',
      status: 'WAITING',
      currentNode: { nodeType: 'x' },
      extra: 1,
    });
    await expect(client.getExecution({ executionId: 'exec-1' })).resolves.toMatchObject({
      status: 'PAUSED',
    });
  });

  it('refuses a status answer about another execution than the one asked about, not retried', async () => {
    const { client, sent } = setup([
      ok({ executionId: 'exec-2', status: 'COMPLETED', result: { decision: 'REJECTED' } }),
      ok({ executionId: 901, status: 'RUNNING' }),
      ok({ executionId: '', status: 'RUNNING' }),
    ]);
    const error = await failure(client.getExecution({ executionId: 'exec-1' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      method: 'workflow.execution.status',
      direction: 'response',
      field: 'executionId',
      retryable: false,
    });
    expect(sent).toHaveLength(1);
    // The same execution however it is spelled, and one that names none, are the one asked.
    await expect(client.getExecution({ executionId: '901' })).resolves.toMatchObject({
      executionId: '901',
    });
    await expect(client.getExecution({ executionId: 'exec-1' })).resolves.toMatchObject({
      status: 'RUNNING',
    });
  });

  it('reads the lenient envelope variants', async () => {
    const { client } = setup([
      answer('{"apiCode":"200","data":{"data":{"executionId":"exec-1","status":"WAITING"}}}'),
    ]);
    await expect(client.getExecution({ executionId: 'exec-1' })).resolves.toEqual({
      executionId: 'exec-1',
      status: 'WAITING',
    });
  });

  it('reads a wrapper that says it failed (success: false) as the gateway refusing the call', async () => {
    const wrapped = (inner: object) => answer(JSON.stringify({ apiCode: 200, data: inner }));
    const { client } = setup([
      wrapped({ success: false, code: 410001, message: 'NODE_NOT_WAITING', data: {} }),
      wrapped({ success: false, msg: 'something went wrong', data: {} }),
      wrapped({ success: true, code: 200, data: { accepted: true } }),
    ]);
    const submit = () => client.submitParticulars({ ...node, personData: person });
    await expect(submit()).rejects.toMatchObject({
      name: 'GatewayError',
      apiCode: 410001,
      apiMsg: 'NODE_NOT_WAITING',
    });
    // No readable code: the gateway's own error, never a success.
    await expect(submit()).rejects.toMatchObject({ name: 'GatewayError', apiCode: 999000 });
    await expect(submit()).resolves.toMatchObject({ accepted: true });
  });

  it('reads a failure code inside the wrapper as the gateway refusing the call, with or without data', async () => {
    const wrapped = (inner: object) => answer(JSON.stringify({ apiCode: 200, data: inner }));
    const { client } = setup([
      wrapped({ code: 999402, msg: 'SERVICE_INVOKE_ERROR', data: { executionId: 'exec-1' } }),
      wrapped({ code: 410001, msg: 'node not waiting', data: null }),
      wrapped({ code: '999301', message: 'API_INVALID_REQUEST' }),
      wrapped({ apiCode: 410001, data: {} }),
    ]);
    const submit = () => client.submitParticulars({ ...node, personData: person });
    await expect(submit()).rejects.toMatchObject({
      name: 'GatewayError',
      apiCode: 999402,
      apiMsg: 'SERVICE_INVOKE_ERROR',
    });
    await expect(submit()).rejects.toMatchObject({ apiCode: 410001, apiMsg: 'node not waiting' });
    await expect(submit()).rejects.toMatchObject({ apiCode: 999301 });
    // No message: the code's name.
    await expect(submit()).rejects.toMatchObject({ apiCode: 410001, apiMsg: 'NODE_NOT_WAITING' });
  });

  it('reads a wrapper whose code says OK (200, or 0 as many APIs say it) as its data', async () => {
    const wrapped = (inner: object) => answer(JSON.stringify({ apiCode: 200, data: inner }));
    const { client } = setup([
      wrapped({ code: 0, msg: 'success', data: { accepted: true } }),
      wrapped({ code: '200', data: { accepted: true } }),
    ]);
    const submit = () => client.submitParticulars({ ...node, personData: person });
    await expect(submit()).resolves.toMatchObject({ accepted: true });
    await expect(submit()).resolves.toMatchObject({ accepted: true });
  });

  it('decodes an answer in the charset it declares: a Big5 name read by the OCR arrives intact', async () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    // 陳大文 in Big5, inside an otherwise ASCII envelope.
    const big5 = new Uint8Array([
      ...utf8('{"apiCode":200,"data":{"status":"SUCCESS","result":{"name":"'),
      ...[0xb3, 0xaf, 0xa4, 0x6a, 0xa4, 0xe5],
      ...utf8('"}}}'),
    ]);
    const { client } = setup([
      () => new Response(big5, { headers: { 'content-type': 'application/json; charset=big5' } }),
    ]);
    const read = await client.getOcrResult({ executionId: 'exec-1', callbackKey: 'k1' });
    expect(read.result?.name).toBe('陳大文');
  });

  it('refuses an answer in a charset it cannot decode as unreadable, never as garbled text', async () => {
    const { client } = setup([
      answer(envelope({ status: 'SUCCESS', result: { name: 'x' } }), {
        headers: { 'content-type': 'application/json; charset=x-unheard-of' },
      }),
    ]);
    const error = await failure(client.getOcrResult({ executionId: 'exec-1', callbackKey: 'k1' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      unreadable: true,
      issues: [{ field: '', message: expect.stringContaining('x-unheard-of') }],
    });
  });

  it('fails at once on codes that are never retried', async () => {
    for (const code of [999001, 999301, 999302, 999303, 999000, 999402, 410001]) {
      const { client, sent, retries } = setup([answer(envelope(null, code, 'nope'))]);
      const error = await failure(client.getExecution({ executionId: 'exec-1' }));
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ apiCode: code, retryable: false });
      expect(sent).toHaveLength(1);
      expect(retries).toHaveLength(0);
    }
  });

  it('fails at once on a bare 4xx without an envelope', async () => {
    const { client, sent } = setup([answer('Forbidden', { status: 403 })]);
    const error = await failure(client.getExecution({ executionId: 'exec-1' }));
    expect(error).toMatchObject({ failure: 'http', status: 403, retryable: false });
    expect(sent).toHaveLength(1);
  });
});

/**
 * Waiting (back-off, Retry-After, timeouts) runs on a fake clock: the waits are the real
 * ones a host would see, and a test can stop the clock one millisecond short of a retry.
 */
const onFakeClock = () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
};

/** Runs the fake clock until nothing is left to wait for; the call's outcome. */
const settle = async <T>(call: Promise<T>): Promise<T> => {
  call.catch(() => undefined); // read below, once the clock has run
  await vi.runAllTimersAsync();
  return call;
};

describe('createGatewayClient: retries', () => {
  onFakeClock();
  const status = ok({ executionId: 'exec-1', status: 'RUNNING' });

  it('retries 999401 inside an HTTP 200 (ky.retry), after its Retry-After', async () => {
    const { client, sent, retries } = setup(
      [
        answer(envelope(null, 999401, 'SERVICE_TIME_OUT'), { headers: { 'retry-after': '2' } }),
        status,
      ],
      { retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 5_000 } },
    );
    const call = client.getExecution({ executionId: 'exec-1' });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toMatchObject({ status: 'RUNNING' });
    expect(sent).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(GatewayError);
    expect(retries[0]).toMatchObject({ retry: 1, delayMs: 2_000, error: { apiCode: 999401 } });
  });

  it('retries 5xx, 429, 999401 and network errors, then succeeds', async () => {
    const { client, sent, retries } = setup([
      answer('', { status: 503 }),
      answer('', { status: 429 }),
      answer(envelope(null, 999401, 'SERVICE_TIME_OUT')),
      failWith(new TypeError('fetch failed')),
      status,
    ]);
    await expect(
      settle(client.getExecution({ executionId: 'exec-1' }, { retry: { limit: 4 } })),
    ).resolves.toMatchObject({ status: 'RUNNING' });
    expect(sent).toHaveLength(5);
    expect(retries.map((event) => event.retry)).toEqual([1, 2, 3, 4]);
    expect(retries.map((event) => (event.error as TransportError).failure)).toEqual([
      'http',
      'http',
      undefined,
      'network',
    ]);
    expect(new Set(sent.map((request) => request.body)).size).toBe(1);
    expect(new Set(sent.map((request) => request.url.searchParams.get('sign'))).size).toBe(1);
  });

  it('backs off exponentially with full jitter, never longer than maxDelayMs', async () => {
    const { client, retries } = setup([answer('', { status: 503 })], {
      retry: { limit: 5, baseDelayMs: 1_000, maxDelayMs: 5_000 },
    });
    await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    const ceilings = [1_000, 2_000, 4_000, 5_000, 5_000];
    expect(retries.map((event) => event.retry)).toEqual([1, 2, 3, 4, 5]);
    retries.forEach((event, index) => {
      expect(event.delayMs).toBeGreaterThanOrEqual(0);
      expect(event.delayMs).toBeLessThanOrEqual(ceilings[index] ?? 0);
    });
  });

  it('throws the last typed error, still retryable, when the budget is spent', async () => {
    const { client, sent } = setup([answer(envelope(null, 999401))], {
      retry: { limit: 2, baseDelayMs: 250, maxDelayMs: 5_000 },
    });
    const error = await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ apiCode: 999401, retryable: true });
    expect(sent).toHaveLength(3);
  });

  it('waits a Retry-After in seconds within the call when it is no longer than maxDelayMs', async () => {
    const { client, sent, retries } = setup(
      [answer('', { status: 503, headers: { 'retry-after': '3' } }), status],
      { retry: { maxDelayMs: 5_000 } },
    );
    const call = client.getExecution({ executionId: 'exec-1' });
    await vi.advanceTimersByTimeAsync(2_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await call;
    expect(sent).toHaveLength(2);
    expect(retries[0]).toMatchObject({ delayMs: 3_000, error: { retryAfterMs: 3_000 } });
  });

  it('ends the call on a Retry-After past maxDelayMs, carrying the whole wait: no attempt before it', async () => {
    const { client, sent, retries } = setup(
      [answer('', { status: 503, headers: { 'retry-after': '120' } }), status],
      { retry: { maxDelayMs: 5_000 } },
    );
    const error = await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    expect(error).toMatchObject({ status: 503, retryable: true, retryAfterMs: 120_000 });
    expect(sent).toHaveLength(1);
    expect(retries).toHaveLength(0);
  });

  it('ends a 999401 whose Retry-After is past maxDelayMs the same way', async () => {
    const { client, sent } = setup(
      [
        answer(envelope(null, 999401, 'SERVICE_TIME_OUT'), { headers: { 'retry-after': '3600' } }),
        status,
      ],
      { retry: { maxDelayMs: 5_000 } },
    );
    const error = await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ apiCode: 999401, retryAfterMs: 3_600_000 });
    expect(sent).toHaveLength(1);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const past = new Date(Date.now() - 60_000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const { client, sent, retries } = setup(
      [
        answer('', { status: 429, headers: { 'retry-after': past } }),
        answer('', { status: 429, headers: { 'retry-after': future } }),
        status,
      ],
      { retry: { maxDelayMs: 30_000 } },
    );
    const error = await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    expect(retries.map((event) => event.delayMs)).toEqual([0]);
    expect(sent).toHaveLength(2);
    expect(error).toMatchObject({ status: 429, retryAfterMs: expect.any(Number) });
    expect((error as TransportError).retryAfterMs).toBeGreaterThan(3_500_000);
  });

  it('gives up with a per-call retry limit of 0 after one attempt', async () => {
    const { client, sent } = setup([answer('', { status: 500 }), status]);
    const error = await failure(
      settle(client.getExecution({ executionId: 'exec-1' }, { retry: { limit: 0 } })),
    );
    expect(error).toMatchObject({ failure: 'http', status: 500, retryable: true });
    expect(sent).toHaveLength(1);
  });
});

describe('createGatewayClient: timeouts and abort', () => {
  onFakeClock();

  /** Hangs, and aborts `controller` once the request is in (the call is then in flight). */
  const abortOnArrival =
    (controller: AbortController): Step =>
    (request) => {
      queueMicrotask(() => controller.abort());
      return hang(request);
    };

  it('times out a hanging attempt after timeoutMs with a timeout transport error, and retries it', async () => {
    const { client, sent } = setup([hang, hang, hang], {
      timeoutMs: 10_000,
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const call = failure(client.getExecution({ executionId: 'exec-1' }));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2); // the timeout, then at most 1 ms of back-off
    expect(sent).toHaveLength(2);
    await vi.runAllTimersAsync();
    const error = await call;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'timeout', retryable: true });
    expect(sent).toHaveLength(3);
  });

  it('times out a body that stalls after the headers', async () => {
    const { client } = setup([stallBody], { timeoutMs: 10_000, retry: { limit: 0 } });
    const error = await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    expect(error).toMatchObject({ failure: 'timeout' });
  });

  it('aborts an attempt in flight at once', async () => {
    const controller = new AbortController();
    const { client } = setup([abortOnArrival(controller)], { timeoutMs: 60_000 });
    // The clock never moves: the abort alone ends the call.
    const error = await failure(
      client.getExecution({ executionId: 'exec-1' }, { signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'abort', retryable: false });
  });

  it('aborts during a back-off wait, without another attempt', async () => {
    const controller = new AbortController();
    const busy = answer('', { status: 503, headers: { 'retry-after': '600' } });
    const { client, sent, retries } = setup([busy], { retry: { maxDelayMs: 600_000 } });
    const call = failure(
      client.getExecution({ executionId: 'exec-1' }, { signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(599_999); // still waiting its 600 s to retry
    expect(sent).toHaveLength(1);
    controller.abort();
    expect(await call).toMatchObject({ failure: 'abort' });
    await vi.runAllTimersAsync();
    expect(sent).toHaveLength(1);
    expect(retries).toHaveLength(0);
  });

  it('cancels the request it gave up on: fetch sees its signal abort', async () => {
    const signals: AbortSignal[] = [];
    const controller = new AbortController();
    const keep =
      (then: Step): Step =>
      (request) => {
        signals.push(request.signal);
        return then(request);
      };
    const { client } = setup([keep(hang), keep(abortOnArrival(controller))], {
      timeoutMs: 10_000,
      retry: { limit: 0 },
    });
    const timedOut = await failure(settle(client.getExecution({ executionId: 'exec-1' })));
    const aborted = await failure(
      client.getExecution({ executionId: 'exec-1' }, { signal: controller.signal }),
    );
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(timedOut).toMatchObject({ failure: 'timeout' });
    expect(aborted).toMatchObject({ failure: 'abort' });
  });

  it('a deadline signal bounds the whole call: a timeout, however long each attempt may take', async () => {
    // AbortSignal.timeout() keeps the platform's own clock, which no fake timer moves.
    vi.useRealTimers();
    const { client, sent } = setup([hang], { timeoutMs: 60_000 });
    const error = await failure(
      client.getExecution({ executionId: 'exec-1' }, { signal: AbortSignal.timeout(30) }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'timeout' });
    expect(sent).toHaveLength(1);
  });

  it('does not send at all when the signal is already aborted', async () => {
    const { client, sent } = setup([ok({})]);
    const error = await failure(
      client.getExecution({ executionId: 'exec-1' }, { signal: AbortSignal.abort() }),
    );
    expect(error).toMatchObject({ failure: 'abort' });
    expect(sent).toHaveLength(0);
  });
});

describe('createGatewayClient: errors leak nothing', () => {
  onFakeClock();
  const secrets = (sent: { body: string; url: URL }[]) => [
    SECRET,
    person.name,
    person.dateOfBirth,
    ...sent.flatMap((request) => [request.body, request.url.searchParams.get('sign') ?? '']),
  ];

  it.each([
    ['a gateway error', [answer(envelope(null, 999001, 'SIGN_ERROR'))]],
    ['a spent retry budget', [answer('oops', { status: 503 })]],
    ['a malformed envelope', [answer('{"apiCode":"x"}')]],
    ['a network error', [failWith(new TypeError('fetch failed'))]],
    ['a timeout', [hang]],
  ] as const)('%s says neither the secret, the signature, nor the body', async (_, steps) => {
    const { client, sent } = setup([...steps], {
      timeoutMs: 10_000,
      retry: { limit: 1, baseDelayMs: 250, maxDelayMs: 5_000 },
    });
    const error = await failure(settle(client.submitParticulars({ ...node, personData: person })));
    const shown = [error.message, String(error), inspect(error, { depth: 5 })].join('\n');
    expect(sent.length).toBeGreaterThan(0);
    for (const secret of secrets(sent)) {
      expect(shown).not.toContain(secret);
    }
  });

  it('a response of the wrong shape names the field, never what was sent', async () => {
    const { client, sent } = setup([ok({ verified: 'maybe' })]);
    const identity = 'zoe.secretname@example.com';
    const error = await failure(
      client.verifyOtp({ ...node, type: 'email', identity, requestId: 'req-1', code: '864209' }),
    );
    const shown = [error.message, String(error), inspect(error, { depth: 5 })].join('\n');
    expect(error).toMatchObject({ direction: 'response', field: 'verified' });
    for (const secret of [...secrets(sent), identity, '864209']) {
      expect(shown).not.toContain(secret);
    }
  });

  it('a request validation error names fields, never the values', async () => {
    const { client } = setup([ok({})]);
    const error = await failure(
      client.submitParticulars({
        ...node,
        personData: { ...person, dateOfBirth: '15/01/1990', nationality: 'Singapore' },
      }),
    );
    const shown = inspect(error, { depth: 5 });
    expect(shown).toContain('personData.nationality');
    for (const value of ['15/01/1990', 'Singapore', person.name, SECRET]) {
      expect(shown).not.toContain(value);
    }
  });
});

describe('createGatewayClient: upload', () => {
  it('POSTs multipart file and executionId to the storage service beside the gateway', async () => {
    const { client, sent } = setup([ok({ url: 's3://workflow-kyc/exec-1/1-front.jpg' })]);
    const file = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
    await expect(
      client.upload({ file, filename: 'front.jpg', executionId: 'exec-1' }),
    ).resolves.toEqual({ url: 's3://workflow-kyc/exec-1/1-front.jpg' });
    const [request] = sent;
    expect(request?.url.pathname).toBe('/storage');
    expect(request?.headers.get('x-domain')).toBe('dom_test');
    expect(request?.form?.get('executionId')).toBe('exec-1');
    const sentFile = request?.form?.get('file');
    expect(sentFile).toBeInstanceOf(File);
    expect((sentFile as File).name).toBe('front.jpg');
    expect(new Uint8Array(await (sentFile as File).arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });

  it('validates the storage answer', async () => {
    const { client } = setup([ok({ location: 'somewhere' })]);
    const error = await failure(
      client.upload({ file: new Blob(['x']), filename: 'a.txt', executionId: 'exec-1' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ method: 'storage.upload', field: 'url' });
  });

  it('sends an upload again when its answer is no envelope (empty, an HTML page)', async () => {
    const { client, sent, retries } = setup([
      answer(''),
      answer('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
      ok({ url: 's3://workflow-kyc/exec-1/a.txt' }),
    ]);
    await expect(
      client.upload({ file: new Blob(['x']), filename: 'a.txt', executionId: 'exec-1' }),
    ).resolves.toEqual({ url: 's3://workflow-kyc/exec-1/a.txt' });
    expect(sent).toHaveLength(3);
    expect(sent.map((request) => request.form?.get('executionId'))).toEqual([
      'exec-1',
      'exec-1',
      'exec-1',
    ]);
    expect(retries.map((event) => [event.method, event.retry, event.error.name])).toEqual([
      ['storage.upload', 1, 'ValidationError'],
      ['storage.upload', 2, 'ValidationError'],
    ]);
  });

  it('gives up on an upload whose answers stay unreadable with the contract error', async () => {
    const { client, sent } = setup(Array.from({ length: 4 }, () => answer('<html></html>')));
    const error = await failure(
      client.upload({ file: new Blob(['x']), filename: 'a.txt', executionId: 'exec-1' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ method: 'storage.upload', direction: 'response' });
    expect(sent).toHaveLength(4);
  });

  it("reads a gateway call's unreadable answer once: the chart reads again, not the client", async () => {
    const { client, sent } = setup([answer(''), ok({ executionId: 'exec-1', status: 'RUNNING' })]);
    const error = await failure(client.getExecution({ executionId: 'exec-1' }));
    expect(error).toMatchObject({ method: 'workflow.execution.status', direction: 'response' });
    expect(sent).toHaveLength(1);
  });

  it('uses the pluggable uploader when given', async () => {
    const { client, sent } = setup([ok({})], {
      upload: async (input) => ({ url: `mem://${input.filename}` }),
    });
    await expect(
      client.upload({ file: new Blob(['x']), filename: 'a.txt', executionId: 'exec-1' }),
    ).resolves.toEqual({ url: 'mem://a.txt' });
    expect(sent).toHaveLength(0);
  });

  it('uses an explicit storageUrl', async () => {
    const { client, sent } = setup([ok({ url: 's3://x' })], {
      storageUrl: 'https://files.example/upload',
    });
    await client.upload({ file: new Blob(['x']), filename: 'a.txt', executionId: 'exec-1' });
    expect(`${sent[0]?.url.origin}${sent[0]?.url.pathname}`).toBe('https://files.example/upload');
  });
});
