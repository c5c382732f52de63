import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/services/index.js';
import { leaksIn, type ProxyHarness, pollUntil, startProxyHarness, TOKENS } from './harness.js';

const start = async (harness: ProxyHarness, customerId: string) => {
  const client = harness.client('alice');
  await client.register({ customerId });
  const { executionId } = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId: `ref-${customerId}` },
  });
  return executionId;
};

const refusalOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  const { apiCode, apiMsg } = error as GatewayError;
  return { apiCode, name: apiMsg.split(':', 1)[0] };
};

describe('what the signing proxy refuses', () => {
  let harness: ProxyHarness;
  let aliceExecution: string;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        allowedMethods: [
          'workflow.applicant.register',
          'workflow.apply.submit',
          'workflow.execution.status',
          'workflow.kyc.ocr.data',
          'workflow.kyc.particular.data',
        ],
        maxBodyBytes: 1024,
        uploads: { maxBytes: 4096 },
      },
    });
    aliceExecution = await start(harness, 'C_alice');
    await pollUntil(harness.client('alice'), aliceExecution, (s) => s.status === 'WAITING');
  });
  afterAll(() => harness.close());

  const callsTo = (method: string) => harness.sandbox.stats().calls[method] ?? 0;

  it('refuses a caller with no identity, or one it does not know, before anything else', async () => {
    const before = callsTo('workflow.applicant.register');
    expect(await refusalOf(harness.client().register({ customerId: 'C_anon' }))).toEqual({
      apiCode: 999303,
      name: 'PROXY_UNAUTHENTICATED',
    });
    const forged = await harness.post('workflow.applicant.register', '{"customerId":"C_anon"}', {
      headers: { authorization: 'Bearer token-mallory' },
    });
    expect(forged.status).toBe(401);
    expect(forged.envelope).toMatchObject({ apiCode: 999303, data: null });
    // An anonymous caller learns nothing about the allow-list either.
    const probe = await harness.post('sandbox.stats', '{}');
    expect(probe.status).toBe(401);
    expect(callsTo('workflow.applicant.register')).toBe(before);
  });

  it("refuses another caller's executionId (a forged one) for polling, feeding and uploads", async () => {
    const bob = harness.client('bob');
    const statusCalls = callsTo('workflow.execution.status');
    const foreign = { apiCode: 999303, name: 'PROXY_FOREIGN_EXECUTION' };
    const node = { executionId: aliceExecution, callbackKey: 'kyc:x:1', referenceId: 'r' };

    expect(await refusalOf(bob.getExecution({ executionId: aliceExecution }))).toEqual(foreign);
    expect(
      await refusalOf(bob.getOcrResult({ executionId: aliceExecution, callbackKey: 'k' })),
    ).toEqual(foreign);
    expect(
      await refusalOf(
        bob.submitParticulars({
          ...node,
          personData: { name: 'Bob', dateOfBirth: '1980-02-02', nationality: 'GB' },
        }),
      ),
    ).toEqual(foreign);
    expect(
      await refusalOf(
        bob.upload({ file: new Blob(['x']), filename: 'x.jpg', executionId: aliceExecution }),
      ),
    ).toEqual(foreign);
    // An executionId nobody started through this proxy is foreign to everyone.
    expect(
      await refusalOf(harness.client('alice').getExecution({ executionId: 'exec-made-up' })),
    ).toEqual(foreign);

    expect(callsTo('workflow.execution.status')).toBe(statusCalls);
    expect(callsTo('workflow.kyc.particular.data')).toBe(0);
    expect(
      await harness.client('alice').getExecution({ executionId: aliceExecution }),
    ).toMatchObject({ executionId: aliceExecution, status: 'WAITING' });
  });

  it("refuses registering or starting another caller's customer", async () => {
    const bob = harness.client('bob');
    const starts = harness.sandbox.stats().starts;
    const foreign = { apiCode: 999303, name: 'PROXY_FOREIGN_CUSTOMER' };
    expect(await refusalOf(bob.register({ customerId: 'C_alice' }))).toEqual(foreign);
    expect(
      await refusalOf(
        bob.startWorkflow({
          eventType: 'KYC_EVENT',
          source: 'WEB',
          data: { customerId: 'C_alice', referenceId: 'ref-bob' },
        }),
      ),
    ).toEqual(foreign);
    expect(harness.sandbox.stats().starts).toBe(starts);
  });

  it('refuses methods outside the allow-list, unknown ones and sandbox.*; none reach the sandbox', async () => {
    const calls = { ...harness.sandbox.stats().calls };
    const body = JSON.stringify({
      executionId: aliceExecution,
      callbackKey: 'kyc:email:1',
      referenceId: 'r',
      type: 'email',
      identity: 'alice@example.com',
    });
    const refused = [
      await harness.post('workflow.kyc.otp.send', body, { caller: 'alice' }),
      await harness.post('workflow.applicant.delete', '{}', { caller: 'alice' }),
      await harness.post('sandbox.stats', '{}', { caller: 'alice' }),
      await harness.post(
        'sandbox.review.decide',
        JSON.stringify({ executionId: aliceExecution, decision: 'APPROVED' }),
        { caller: 'alice' },
      ),
      await harness.post(
        'sandbox.execution.cancel',
        JSON.stringify({ executionId: aliceExecution }),
        { caller: 'alice' },
      ),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(404);
      expect(answer.envelope).toMatchObject({ apiCode: 999302, data: null });
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_API_NOT_ALLOWED/);
    }
    // Two api parameters could be read differently upstream: refused too.
    const twice = await fetch(
      `${harness.proxyUrl}?api=workflow.execution.status&api=sandbox.stats`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.alice}` },
        body: JSON.stringify({ executionId: aliceExecution }),
      },
    );
    expect(twice.status).toBe(404);

    expect(harness.sandbox.stats().calls).toEqual(calls);
    const execution = harness.sandbox
      .stats()
      .executions.find((e) => e.executionId === aliceExecution);
    expect(execution?.status).toBe('WAITING');
  });

  it('refuses an oversize body, whether or not it declares its length', async () => {
    const calls = { ...harness.sandbox.stats().calls };
    const big = JSON.stringify({ customerId: 'C_alice', email: `${'a'.repeat(2000)}@example.com` });
    const declared = await harness.post('workflow.applicant.register', big, { caller: 'alice' });
    expect(declared.status).toBe(413);
    expect(declared.envelope).toMatchObject({ apiCode: 999301 });
    expect(declared.envelope.apiMsg).toMatch(/^PROXY_BODY_TOO_LARGE/);

    // Chunked, no Content-Length: the limit is counted on the stream.
    const chunks = [big.slice(0, 800), big.slice(800)];
    const streamed = await harness.handle(
      new Request(`${harness.proxyUrl}?api=workflow.applicant.register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.alice}` },
        body: new ReadableStream({
          pull: (controller) => {
            const chunk = chunks.shift();
            if (chunk === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(chunk));
          },
        }),
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.headers.get('content-length')).not.toBe(String(big.length));
    expect(streamed.status).toBe(413);

    const upload = await refusalOf(
      harness.client('alice').upload({
        file: new Blob([new Uint8Array(8192)]),
        filename: 'huge.jpg',
        executionId: aliceExecution,
      }),
    );
    expect(upload).toEqual({ apiCode: 999301, name: 'PROXY_BODY_TOO_LARGE' });
    expect(harness.sandbox.stats().calls).toEqual(calls);
  });

  it('refuses a malformed body before it reaches the gateway, naming the field', async () => {
    const calls = { ...harness.sandbox.stats().calls };
    const node = { executionId: aliceExecution, callbackKey: 'kyc:p:1', referenceId: 'r' };
    const notJson = await harness.post('workflow.execution.status', '{"executionId":', {
      caller: 'alice',
    });
    expect([notJson.status, notJson.envelope.apiCode]).toEqual([400, 999301]);

    const nested = await harness.post(
      'workflow.kyc.particular.data',
      JSON.stringify({ ...node, personData: { name: 'Alice' } }),
      { caller: 'alice' },
    );
    expect([nested.status, nested.envelope.apiCode]).toEqual([400, 999301]);
    expect(nested.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY.*personData/);
    expect(nested.envelope.apiMsg).not.toContain('Alice');

    // The proxy checks the last executionId; a gateway keeping the first would act on Bob's.
    const repeated = await harness.post(
      'workflow.execution.status',
      `{"executionId":"exec-bob","executionId":"${aliceExecution}"}`,
      { caller: 'alice' },
    );
    expect([repeated.status, repeated.envelope.apiCode]).toEqual([400, 999301]);
    // A field the contract does not name would reach the gateway unchecked: refused, named.
    const smuggled = await harness.post(
      'workflow.execution.status',
      `{"executionId":"${aliceExecution}","customerId":"C_bob"}`,
      { caller: 'alice' },
    );
    expect([smuggled.status, smuggled.envelope.apiMsg]).toEqual([
      400,
      expect.stringMatching(/^PROXY_INVALID_BODY.*customerId: not a field of this method/),
    ]);
    // A key is named as markup-free text: a page showing the report as HTML runs nothing.
    const markup = await harness.post(
      'workflow.execution.status',
      JSON.stringify({ executionId: aliceExecution, '<img src=x onerror=alert(1)>': 1 }),
      { caller: 'alice' },
    );
    expect(markup.status).toBe(400);
    expect(JSON.stringify(markup.envelope)).not.toMatch(/[<>=]/);
    expect(markup.envelope.apiMsg).toContain('?img?src?x?onerror?alert?1??');
    // …at any depth: a start's data beside its own customer, in another spelling.
    const inner = await harness.post(
      'workflow.apply.submit',
      JSON.stringify({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: {
          customerId: 'C_alice',
          referenceId: 'ref-inner',
          customer_id: 'C_bob',
          executionId: aliceExecution,
        },
      }),
      { caller: 'alice' },
    );
    expect([inner.status, inner.envelope.apiMsg]).toEqual([
      400,
      expect.stringMatching(
        /^PROXY_INVALID_BODY.*data\.customer_id: not a field of this method; data\.executionId: not a field/,
      ),
    ]);
    // …and so would a gateway that binds names ignoring case, by upper- or lower-casing them.
    for (const other of ['ExecutionId', 'EXECUTIONID', 'executıonId']) {
      const folded = await harness.post(
        'workflow.execution.status',
        `{"executionId":"${aliceExecution}","${other}":"exec-bob"}`,
        { caller: 'alice' },
      );
      expect([folded.status, folded.envelope.apiMsg]).toEqual([
        400,
        expect.stringMatching(/^PROXY_INVALID_BODY.*repeated/),
      ]);
    }

    // The JSON string fields are JSON texts the gateway reads: the same rules hold inside.
    for (const personData of [
      '{"name":"Alice","name":"Bob"}',
      '{"name":"Alice","NAME":"Bob"}',
      `${'['.repeat(200)}${']'.repeat(200)}`,
    ]) {
      const inside = await harness.post(
        'workflow.kyc.particular.data',
        JSON.stringify({ ...node, personData }),
        { caller: 'alice' },
      );
      expect([inside.status, inside.envelope.apiMsg]).toEqual([
        400,
        expect.stringMatching(/^PROXY_INVALID_BODY.*(repeated|nested more than 32 deep)/),
      ]);
    }
    const deep = await harness.post(
      'workflow.apply.submit',
      `{"eventType":"KYC_EVENT","source":"WEB","data":{"customerId":"C_alice","referenceId":${'['.repeat(40)}1${']'.repeat(40)}}}`,
      { caller: 'alice' },
    );
    expect([deep.status, deep.envelope.apiMsg]).toEqual([
      400,
      expect.stringMatching(/^PROXY_INVALID_BODY.*nested more than 32 deep/),
    ]);

    const plain = await harness.post('workflow.execution.status', `{"executionId":"x"}`, {
      caller: 'alice',
      contentType: 'text/plain',
    });
    expect([plain.status, plain.envelope.apiCode]).toEqual([415, 999301]);

    const get = await fetch(`${harness.proxyUrl}?api=workflow.execution.status`, {
      headers: { authorization: `Bearer ${TOKENS.alice}` },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(harness.sandbox.stats().calls).toEqual(calls);
  });

  it('tells the host every refusal, with the caller, for its own log', () => {
    const refusals = new Set(harness.events.map((event) => event.refusal));
    expect(refusals).toEqual(
      new Set([
        'unauthenticated',
        'foreignExecution',
        'foreignCustomer',
        'methodNotAllowed',
        'bodyTooLarge',
        'invalidBody',
        'unsupportedMediaType',
        'httpMethodNotAllowed',
      ]),
    );
    expect(harness.events.find((e) => e.refusal === 'foreignExecution')?.callerId).toBe('user-bob');
  });

  it('answered nothing secret', () => {
    expect(harness.answers.length).toBeGreaterThan(20);
    expect(leaksIn(harness.answers, harness.sandbox)).toEqual([]);
  });
});
