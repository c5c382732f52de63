import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { GATEWAY_CODES } from '../../src/services/wire/vocabulary.js';
import { type RawClient, rawClient, signBody } from './raw-client.js';

describe('fault injection, seen by a raw fetch', () => {
  let sandbox: Sandbox;
  let client: RawClient;
  const open = async (options: SandboxOptions = {}) => {
    sandbox = await startSandbox({ seed: 5, ...options });
    client = rawClient(sandbox.gatewayUrl, sandbox.credentials);
  };
  afterEach(() => sandbox.close());

  const register = (customerId = 'C_f') =>
    client.post({ api: 'workflow.applicant.register', body: JSON.stringify({ customerId }) });

  it('http-500, http-503 and http-429 answer bare HTTP errors (the last two with Retry-After) and apply nothing', async () => {
    await open({ faults: { rate: 0, retryAfterSeconds: 2 } });
    for (const [kind, status] of [
      ['http-500', 500],
      ['http-503', 503],
      ['http-429', 429],
    ] as const) {
      sandbox.injectFaults({ kind });
      const response = await register();
      expect(response.status, kind).toBe(status);
      expect(response.headers.get('retry-after'), kind).toBe(status === 500 ? null : '2');
    }
    expect(sandbox.stats()).toMatchObject({ registrations: 0, faultsInjected: 3 });
    expect((await register()).status).toBe(200);
    expect(sandbox.stats().registrations).toBe(1);
  });

  it('service-timeout, gateway-error and invoke-error answer their apiCode with data null', async () => {
    await open();
    for (const [kind, apiCode] of [
      ['service-timeout', GATEWAY_CODES.SERVICE_TIME_OUT],
      ['gateway-error', GATEWAY_CODES.GATEWAY_ERROR],
      ['invoke-error', GATEWAY_CODES.SERVICE_INVOKE_ERROR],
    ] as const) {
      sandbox.injectFaults({ kind, method: 'workflow.applicant.register' });
      const response = await register();
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ apiCode, data: null });
    }
    expect(sandbox.stats().registrations).toBe(0);
  });

  it('malformed-envelope answers 200 with a body that is not an envelope', async () => {
    await open();
    sandbox.injectFaults({ kind: 'malformed-envelope' });
    const response = await register();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(sandbox.stats().registrations).toBe(0);
  });

  it('drop destroys the connection before the engine runs: fetch rejects, nothing applied', async () => {
    await open();
    sandbox.injectFaults({ kind: 'drop' });
    await expect(register()).rejects.toThrow();
    expect(sandbox.stats()).toMatchObject({ registrations: 0, faultsInjected: 1 });
    expect((await register()).status).toBe(200);
  });

  it('drop, served by app.fetch with no socket to destroy, is a network error response', async () => {
    await open();
    sandbox.injectFaults({ kind: 'drop' });
    const body = '{"customerId":"C_sw"}';
    const response = await sandbox.app.fetch(
      new Request(
        `http://sandbox/gateway?api=workflow.applicant.register&apiVersion=1.0.0&apiKey=ak_sandbox&sign=${signBody('sk_sandbox', body)}`,
        { method: 'POST', headers: { 'x-domain': 'dom_sandbox' }, body },
      ),
    );
    expect(response.type).toBe('error');
    expect(sandbox.stats().registrations).toBe(0);
  });

  it('drop-after-effect applies the call, then drops: the retry gets the idempotent answer', async () => {
    await open();
    await client.data('workflow.applicant.register', { customerId: 'C_d' });
    const start = {
      eventType: 'KYC_EVENT',
      source: 'API',
      data: { customerId: 'C_d', referenceId: 'r' },
    };
    sandbox.injectFaults({ kind: 'drop-after-effect', method: 'workflow.apply.submit' });
    await expect(client.call('workflow.apply.submit', start)).rejects.toThrow();
    expect(sandbox.stats().starts).toBe(1);
    const retried = await client.data<{ executionId: string }>('workflow.apply.submit', start);
    expect(retried.executionId).toBe(sandbox.stats().executions[0]?.executionId);
    expect(sandbox.stats()).toMatchObject({ starts: 1, repeatsAnswered: 1 });
  });

  it('slow answers correctly, but after calls that came later', async () => {
    await open({ faults: { rate: 0, slowMs: 1_000 } });
    sandbox.injectFaults({ kind: 'slow', method: 'workflow.applicant.register' });
    const order: string[] = [];
    const slow = register('C_slow').then(async (response) => {
      order.push('slow');
      return response.json();
    });
    // The slow call has reached the sandbox and is being held back.
    await vi.waitFor(() => expect(sandbox.stats().faultsInjected).toBe(1), { timeout: 10_000 });
    await client
      .data('workflow.execution.status', { executionId: 'exec-x' })
      .catch(() => undefined);
    order.push('fast');
    expect(await slow).toMatchObject({ apiCode: 200, data: { customerId: 'C_slow' } });
    expect(order).toEqual(['fast', 'slow']);
  });

  it('plans match their method, count down `times`, and spare admin methods unless named', async () => {
    await open();
    sandbox.injectFaults({ kind: 'http-500', method: 'workflow.kyc.ocr', times: 2 });
    sandbox.injectFaults({ kind: 'http-503', times: 1 });
    expect((await client.post({ api: 'sandbox.stats', body: '{}' })).status).toBe(200);
    expect((await register()).status).toBe(503);
    expect((await register()).status).toBe(200);
    const ocr = () => client.post({ api: 'workflow.kyc.ocr', body: '{}' });
    expect((await ocr()).status).toBe(500);
    expect((await ocr()).status).toBe(500);
    expect((await ocr()).status).toBe(200);
    sandbox.injectFaults({ kind: 'http-500', method: 'sandbox.stats' });
    expect((await client.post({ api: 'sandbox.stats', body: '{}' })).status).toBe(500);
    expect(sandbox.stats().faultsInjected).toBe(4);
    expect(() => sandbox.injectFaults({ kind: 'drop', times: 0 })).toThrow(RangeError);
  });

  it('clearFaults() ends an injected outage early: the next call is answered', async () => {
    await open();
    sandbox.injectFaults({ kind: 'http-503', method: 'workflow.applicant.register', times: 50 });
    sandbox.injectFaults({ kind: 'http-500', times: 2 });
    expect((await register()).status).toBe(503);
    expect(sandbox.clearFaults()).toBe(51);
    expect((await register()).status).toBe(200);
    expect(sandbox.clearFaults()).toBe(0);
  });

  it('random faults follow faults.rate and kinds, seeded, on vendor methods only', async () => {
    const outcomes = async () => {
      await open({ faults: { rate: 0.5, kinds: ['http-500', 'service-timeout'], seed: 11 } });
      const seen: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const response = await register(`C_${i}`);
        const body =
          response.status === 200 ? ((await response.json()) as { apiCode: number }) : undefined;
        seen.push(response.status === 500 ? '500' : String(body?.apiCode));
      }
      for (let i = 0; i < 5; i += 1) {
        expect((await client.post({ api: 'sandbox.stats', body: '{}' })).status).toBe(200);
      }
      const injected = sandbox.stats().faultsInjected;
      await sandbox.close();
      return { seen, injected };
    };
    const first = await outcomes();
    const second = await outcomes();
    expect(second).toEqual(first);
    expect(new Set(first.seen)).toEqual(
      new Set(['200', '500', String(GATEWAY_CODES.SERVICE_TIME_OUT)]),
    );
    expect(first.injected).toBe(first.seen.filter((s) => s !== '200').length);
    await open(); // for afterEach
  });

  it('close() ends open connections at once, in-flight ones included', async () => {
    await open({ faults: { rate: 0, slowMs: 20_000 } });
    sandbox.injectFaults({ kind: 'slow' });
    const inFlight = register();
    await vi.waitFor(() => expect(sandbox.stats().faultsInjected).toBe(1), { timeout: 10_000 });
    await sandbox.close();
    await expect(inFlight).rejects.toThrow();
    await expect(register()).rejects.toThrow();
  });
});
