import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/services/index.js';
import { startEndlessGateway } from '../support/endless-gateway.js';
import { leaksIn, type ProxyHarness, pollUntil, startProxyHarness, TOKENS } from './harness.js';

describe('when the gateway fails behind the proxy', () => {
  let harness: ProxyHarness;
  let executionId: string;
  const answers: string[] = [];

  beforeAll(async () => {
    harness = await startProxyHarness({
      sandbox: { faults: { rate: 0, slowMs: 100_000, retryAfterSeconds: 2 } },
      proxy: { timeoutMs: 500 },
    });
    const client = harness.client('alice');
    const { customerId = 'C_alice' } = await client.register({ customerId: 'C_alice' });
    ({ executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-up' },
    }));
    await pollUntil(client, executionId, (s) => s.status === 'WAITING');
  });
  afterAll(async () => {
    answers.push(...harness.answers);
    await harness.close();
  });

  const status = () =>
    harness.post('workflow.execution.status', JSON.stringify({ executionId }), { caller: 'alice' });

  it('answers a dropped connection or a broken envelope with a generic 502, keeping the detail for the host', async () => {
    for (const kind of ['drop', 'malformed-envelope'] as const) {
      harness.sandbox.injectFaults({ kind, method: 'workflow.execution.status' });
      const { status: http, envelope } = await status();
      expect(http).toBe(502);
      expect(envelope).toEqual({
        apiCode: 999000,
        apiMsg: expect.stringMatching(/^PROXY_UPSTREAM_UNAVAILABLE/),
        data: null,
      });
    }
    const hidden = harness.events.filter((e) => e.refusal === 'upstreamUnavailable');
    expect(hidden).toHaveLength(2);
    expect(hidden.every((e) => e.detail !== undefined && e.callerId === 'user-alice')).toBe(true);
  });

  it('keeps the HTTP class and Retry-After of a 503 or 429, so the client still backs off and retries', async () => {
    harness.sandbox.injectFaults({ kind: 'http-503', method: 'workflow.execution.status' });
    const answer = await fetch(`${harness.proxyUrl}?api=workflow.execution.status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.alice}` },
      body: JSON.stringify({ executionId }),
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(await answer.json()).toMatchObject({ apiCode: 999000, data: null });

    harness.sandbox.injectFaults({ kind: 'http-429', method: 'workflow.execution.status' });
    const error = await harness
      .client('alice')
      .getExecution({ executionId })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000 });
  });

  it('passes on a Retry-After as whole seconds, an hour at most, and none it cannot read', async () => {
    let given = '';
    const waiting = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async () =>
          new Response('{"apiCode":999000,"apiMsg":"busy","data":null}', {
            status: 503,
            headers: { 'content-type': 'application/json', 'retry-after': given },
          }),
      },
    });
    const relayed = async (value: string) => {
      given = value;
      const answer = await waiting.handle(
        new Request(`${waiting.proxyUrl}?api=workflow.applicant.register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.alice}` },
          body: '{"customerId":"C_wait"}',
        }),
      );
      expect(answer.status).toBe(503);
      return answer.headers.get('retry-after');
    };
    try {
      expect(await relayed('2')).toBe('2');
      expect(await relayed('99999999999999999999')).toBe('3600');
      const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
      expect(Number(await relayed(inTwoMinutes))).toBeGreaterThanOrEqual(118);
      expect(Number(await relayed(inTwoMinutes))).toBeLessThanOrEqual(120);
      expect(await relayed('soon, maybe')).toBeNull();
    } finally {
      answers.push(...waiting.answers);
      await waiting.close();
    }
  });

  it('relays a wrapper that says it failed (success: false, or a failure code) as that failure, never as a success', async () => {
    const wrappers = [
      { success: false, code: 410001, message: 'node not waiting', data: {} },
      { code: 410001, msg: 'node not waiting', data: null },
    ];
    let next = 0;
    const failing = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async () =>
          new Response(JSON.stringify({ apiCode: 200, data: wrappers[next++ % wrappers.length] }), {
            headers: { 'content-type': 'application/json' },
          }),
      },
    });
    try {
      for (const customerId of ['C_wrapped', 'C_coded']) {
        const error = await failing
          .client('alice')
          .register({ customerId })
          .catch((caught: unknown) => caught);
        expect(error).toMatchObject({ name: 'GatewayError', apiCode: 410001 });
        // Nothing the caller sees carries the gateway's own words.
        expect(String((error as Error).message)).not.toContain('node not waiting');
      }
    } finally {
      answers.push(...failing.answers);
      await failing.close();
    }
  });

  it("relays a success as its data alone: none of the gateway's message, extra fields or headers", async () => {
    // A gateway that dresses its successes in its own detail: a debug message echoing the
    // signed URL it was called at, a trace object, a cookie.
    const chatty = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async (input, init) => {
          const request = new Request(input, init);
          const answer = await fetch(request);
          const envelope = (await answer.json()) as Record<string, unknown>;
          return new Response(
            JSON.stringify({
              ...envelope,
              apiMsg: `OK (debug: ${request.url})`,
              trace: { upstream: request.url, host: '10.0.0.7:8443' },
            }),
            { headers: { 'content-type': 'application/json', 'set-cookie': 'gw=1' } },
          );
        },
      },
    });
    try {
      const answer = await chatty.post('workflow.applicant.register', '{"customerId":"C_chatty"}', {
        caller: 'alice',
      });
      expect(answer.status).toBe(200);
      expect(answer.envelope).toEqual({
        apiCode: 200,
        apiMsg: 'OK',
        data: { customerId: 'C_chatty' },
      });
      const raw = chatty.answers.at(-1) ?? '';
      expect(raw).not.toMatch(/sign=|apiKey=|10\.0\.0\.7|set-cookie/i);
    } finally {
      answers.push(...chatty.answers);
      await chatty.close();
    }
  });

  it('relays a gateway or workflow code by its name only', async () => {
    // A key the proxy showed (its node waits), sent with a method that node does not take.
    const shown = await harness.client('alice').getExecution({ executionId });
    const callbackKey = shown.currentNode?.callbackKey;
    expect(shown.currentNode?.nodeType).not.toBe('flow_action_individual_particular');
    harness.sandbox.injectFaults({ kind: 'service-timeout', method: 'workflow.execution.status' });
    expect((await status()).envelope).toEqual({
      apiCode: 999401,
      apiMsg: 'SERVICE_TIME_OUT',
      data: null,
    });

    const stale = await harness.post(
      'workflow.kyc.particular.data',
      JSON.stringify({
        executionId,
        callbackKey,
        referenceId: 'ref-up',
        personData: JSON.stringify({ name: 'A', dateOfBirth: '1990-01-01', nationality: 'SG' }),
      }),
      { caller: 'alice' },
    );
    expect(stale.envelope).toEqual({ apiCode: 410001, apiMsg: 'NODE_NOT_WAITING', data: null });
  });

  it('answers a gateway that is too slow with a retryable 504 SERVICE_TIME_OUT', async () => {
    harness.sandbox.injectFaults({ kind: 'slow', method: 'workflow.execution.status' });
    const { status: http, envelope } = await status();
    expect([http, envelope.apiCode]).toEqual([504, 999401]);
  });

  it('answers 504 at its deadline even through a fetch that ignores the signal', async () => {
    // A host's fetch (a tracer, a wrapper) that never passes the signal on.
    const deaf = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        timeoutMs: 300,
        fetch: (input, init) => fetch(input, { ...init, signal: null }),
      },
    });
    try {
      harness.sandbox.injectFaults({ kind: 'slow', method: 'workflow.applicant.register' });
      // The gateway's own answer, a success, comes 2 s late at this sandbox's speed.
      const answer = await deaf.post('workflow.applicant.register', '{"customerId":"C_deaf"}', {
        caller: 'alice',
      });
      expect([answer.status, answer.envelope.apiCode]).toEqual([504, 999401]);
    } finally {
      answers.push(...deaf.answers);
      await deaf.close();
    }
  });

  it('answers an unreachable gateway with a generic 502', async () => {
    const closed = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: { gatewayUrl: 'http://127.0.0.1:9/gateway', fetch: globalThis.fetch },
    });
    try {
      const error = await closed
        .client('alice')
        .register({ customerId: 'C_nowhere' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ failure: 'http', status: 502 });
      expect(closed.events.map((e) => e.refusal)).toEqual(['upstreamUnavailable']);
    } finally {
      answers.push(...closed.answers);
      await closed.close();
    }
  });

  it('cuts off a gateway answer longer than maxAnswerBytes with a generic 502, holding none of it', async () => {
    const endless = await startEndlessGateway();
    const maxAnswerBytes = 64 * 1024;
    const streaming = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        gatewayUrl: endless.url,
        fetch: globalThis.fetch,
        maxAnswerBytes,
      },
    });
    try {
      const error = await streaming
        .client('alice')
        .register({ customerId: 'C_endless' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ failure: 'http', status: 502 });
      expect(streaming.events.map((e) => e.refusal)).toEqual(['upstreamUnavailable']);
      expect(streaming.events[0]?.detail).toMatchObject({
        envelope: `answer longer than ${maxAnswerBytes} bytes`,
      });
      expect(endless.sent()).toBeLessThan(64 * maxAnswerBytes);
    } finally {
      answers.push(...streaming.answers);
      await streaming.close();
      await endless.close();
    }
    await expect(
      startProxyHarness({ upstream: harness.sandbox, proxy: { maxAnswerBytes: 0 } }),
    ).rejects.toThrow(/maxAnswerBytes must be a positive integer/);
  });

  it('refuses a gateway answer in a charset it cannot decode with a generic 502, never relaying garbage', async () => {
    const foreign = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async () =>
          new Response(JSON.stringify({ apiCode: 200, data: { customerId: 'C_charset' } }), {
            headers: { 'content-type': 'application/json; charset=x-unheard-of' },
          }),
      },
    });
    try {
      const error = await foreign
        .client('alice')
        .register({ customerId: 'C_charset' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ failure: 'http', status: 502 });
      expect(foreign.events.map((e) => e.refusal)).toEqual(['upstreamUnavailable']);
      expect(foreign.events[0]?.detail).toMatchObject({
        envelope: expect.stringContaining('x-unheard-of'),
      });
    } finally {
      answers.push(...foreign.answers);
      await foreign.close();
    }
  });

  it('refuses a status answer about another execution than the one asked about', async () => {
    // A cache between the proxy and the gateway that mixes answers up, once told to.
    let mixedUp = false;
    const mixing = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async (input, init) => {
          const answer = await fetch(input, init);
          if (!mixedUp || !String(input).includes('api=workflow.execution.status')) return answer;
          const data = { executionId: 'exec-someone-else', status: 'COMPLETED' };
          return new Response(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), {
            headers: { 'content-type': 'application/json' },
          });
        },
      },
    });
    try {
      const client = mixing.client('alice');
      const { customerId = 'C_mixed' } = await client.register({ customerId: 'C_mixed' });
      const { executionId: mine } = await client.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: 'ref-mixed' },
      });
      mixedUp = true;
      const error = await client
        .getExecution({ executionId: mine })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ direction: 'response', field: 'executionId' });
      expect(mixing.events.map((e) => e.refusal)).toEqual(['invalidAnswer']);
    } finally {
      answers.push(...mixing.answers);
      await mixing.close();
    }
  });

  it('binds the customer a register sent, never another one its answer names', async () => {
    // A cache that answers alice's register with the answer to bob's.
    const mixing = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async (input, init) => {
          const answer = await fetch(input, init);
          if (!String(input).includes('api=workflow.applicant.register')) return answer;
          if (!String(init?.body).includes('C_alice_mixed')) return answer;
          const data = { customerId: 'C_bob_mixed' };
          return new Response(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), {
            headers: { 'content-type': 'application/json' },
          });
        },
      },
    });
    const start = (client: ReturnType<typeof mixing.client>, customerId: string) =>
      client.startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: `ref-${customerId}` },
      });
    try {
      const alice = mixing.client('alice');
      await alice.register({ customerId: 'C_alice_mixed' });
      // Alice holds the customer she sent, and not bob's.
      await expect(start(alice, 'C_alice_mixed')).resolves.toMatchObject({
        executionId: expect.any(String),
      });
      await expect(start(alice, 'C_bob_mixed')).rejects.toMatchObject({
        message: expect.stringMatching(/PROXY_FOREIGN_CUSTOMER/),
      });
      const bob = mixing.client('bob');
      await expect(bob.register({ customerId: 'C_bob_mixed' })).resolves.toMatchObject({
        customerId: 'C_bob_mixed',
      });
      await expect(start(bob, 'C_bob_mixed')).resolves.toMatchObject({
        executionId: expect.any(String),
      });
    } finally {
      answers.push(...mixing.answers);
      await mixing.close();
    }
  });

  it('hides a gateway that refuses the proxy itself (a wrong secret) behind a configuration error', async () => {
    const misconfigured = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: { apiSecret: 'sk_wrong' },
    });
    try {
      const { status: http, envelope } = await misconfigured.post(
        'workflow.applicant.register',
        '{"customerId":"C_misconfigured"}',
        { caller: 'alice' },
      );
      expect(http).toBe(502);
      // A code the guide calls final: no client behind the proxy tries it again.
      expect(envelope).toMatchObject({ apiCode: 999303 });
      expect(envelope.apiMsg).toMatch(/^PROXY_UPSTREAM_REFUSED/);
      expect(misconfigured.events[0]?.detail).toMatchObject({ apiCode: 999001 });
    } finally {
      answers.push(...misconfigured.answers);
      await misconfigured.close();
    }
  });

  it('hides a refusal of the proxy as such whatever wraps it: an HTTP 500, a failed wrapper', async () => {
    const bodies: ReadonlyArray<{ status: number; body: unknown }> = [
      { status: 500, body: { apiCode: 999001, apiMsg: 'SIGN_ERROR for key ak_live', data: null } },
      { status: 200, body: { apiCode: 200, data: { success: false, code: 999303, data: {} } } },
      // A failure code alone says the wrapper failed.
      {
        status: 200,
        body: {
          apiCode: 200,
          data: { code: 999001, msg: 'SIGN_ERROR for key ak_live', data: null },
        },
      },
    ];
    let next = 0;
    const refusing = await startProxyHarness({
      upstream: harness.sandbox,
      proxy: {
        fetch: async () => {
          const { status, body } = bodies[next++ % bodies.length] ?? { status: 500, body: null };
          return new Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/json' },
          });
        },
      },
    });
    try {
      for (const customerId of ['C_refused_500', 'C_refused_wrapped', 'C_refused_coded']) {
        const { status: http, envelope } = await refusing.post(
          'workflow.applicant.register',
          JSON.stringify({ customerId }),
          { caller: 'alice' },
        );
        expect(http).toBe(502);
        expect(envelope).toEqual({
          apiCode: 999303,
          apiMsg: expect.stringMatching(/^PROXY_UPSTREAM_REFUSED/),
          data: null,
        });
      }
      expect(refusing.events.map((e) => e.refusal)).toEqual([
        'upstreamRefused',
        'upstreamRefused',
        'upstreamRefused',
      ]);
    } finally {
      answers.push(...refusing.answers);
      await refusing.close();
    }
  });

  it('answered nothing secret and no upstream detail', () => {
    expect(leaksIn([...answers, ...harness.answers], harness.sandbox)).toEqual([]);
  });
});
