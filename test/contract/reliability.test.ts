import { describe, expect, it, vi } from 'vitest';
import {
  type GatewayClient,
  type RetryEvent,
  TransportError,
  ValidationError,
} from '../../src/services/index.js';
import { failure } from '../support/failure.js';
import { clientOf, nextStop, openSandbox, PERSON, REFERENCE_ID, refOf, SPEED } from './harness.js';

/** A running execution of the `minimal` scenario, waiting on particulars. */
const atParticulars = async (client: GatewayClient, customerId: string) => {
  await client.register({ customerId });
  const { executionId } = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'API',
    data: { customerId, referenceId: REFERENCE_ID },
  });
  const state = await nextStop(client, executionId);
  if (!state.currentNode) throw new Error('no waiting node');
  return { executionId, node: state.currentNode, ref: refOf(executionId, state.currentNode) };
};

describe('contract: idempotent repeats', () => {
  it('register twice creates one customer and answers the same', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    const first = await client.register({ customerId: 'C_twice', email: 'twice@example.com' });
    const second = await client.register({ customerId: 'C_twice', email: 'twice@example.com' });
    expect(second).toEqual(first);
    expect(sandbox.stats().registrations).toBe(1);
  });

  it('a submission repeated with the same callbackKey answers the same with one effect', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { client } = clientOf(sandbox);
    const { ref } = await atParticulars(client, 'C_repeat');
    const first = await client.submitParticulars({ ...ref, personData: PERSON });
    const second = await client.submitParticulars({ ...ref, personData: PERSON });
    expect(second).toEqual(first);
    const stats = sandbox.stats();
    expect(stats.effects[ref.callbackKey]).toBe(1);
    expect(stats.repeatsAnswered).toBeGreaterThanOrEqual(1);
  });
});

describe('contract: retries under injected faults', () => {
  it.each(['http-500', 'http-503', 'http-429', 'service-timeout', 'drop'] as const)(
    '%s: the call is retried and succeeds',
    async (kind) => {
      // A Retry-After within the client's cap (20 ms): waited inside the call.
      const sandbox = await openSandbox({ faults: { rate: 0, retryAfterSeconds: 0.01 } });
      const retries: RetryEvent[] = [];
      const { client } = clientOf(sandbox, { onRetry: (event) => retries.push(event) });
      sandbox.injectFaults({ kind, method: 'workflow.applicant.register', times: 2 });
      await expect(client.register({ customerId: `C_${kind}` })).resolves.toMatchObject({
        customerId: `C_${kind}`,
      });
      expect(retries).toHaveLength(2);
      expect(sandbox.stats().calls['workflow.applicant.register']).toBe(3);
      expect(sandbox.stats().registrations).toBe(1);
    },
  );

  it('honours Retry-After from a 503 within the cap, inside the call', async () => {
    const sandbox = await openSandbox({ faults: { rate: 0, retryAfterSeconds: 0.01 } });
    const retries: RetryEvent[] = [];
    const { client } = clientOf(sandbox, {
      retry: { maxDelayMs: 15 },
      onRetry: (event) => retries.push(event),
    });
    sandbox.injectFaults({ kind: 'http-503', method: 'workflow.applicant.register' });
    await client.register({ customerId: 'C_after' });
    expect(retries[0]?.delayMs).toBe(10);
    expect(retries[0]?.error).toMatchObject({ status: 503, retryAfterMs: 10 });
  });

  it('ends the call on a Retry-After past the cap, carrying it whole: nothing sent before it', async () => {
    const sandbox = await openSandbox({ faults: { rate: 0, retryAfterSeconds: 7 } });
    const retries: RetryEvent[] = [];
    const { client } = clientOf(sandbox, {
      retry: { maxDelayMs: 15 },
      onRetry: (event) => retries.push(event),
    });
    sandbox.injectFaults({ kind: 'http-503', method: 'workflow.applicant.register' });
    const error = await failure(client.register({ customerId: 'C_later' }));
    expect(error).toMatchObject({ status: 503, retryable: true, retryAfterMs: 7000 });
    expect(retries).toEqual([]);
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(1);
  });

  it('drop-after-effect: a submit whose answer is lost is retried, answered, applied once', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { client } = clientOf(sandbox);
    const { executionId, ref } = await atParticulars(client, 'C_lost');
    sandbox.injectFaults({ kind: 'drop-after-effect', method: 'workflow.kyc.particular.data' });
    await client.submitParticulars({ ...ref, personData: PERSON });
    const stats = sandbox.stats();
    expect(stats.calls['workflow.kyc.particular.data']).toBe(2);
    expect(stats.effects[ref.callbackKey]).toBe(1);
    const next = await nextStop(client, executionId, ref.callbackKey);
    expect(next.currentNode?.callbackKey).not.toBe(ref.callbackKey);
  });

  it('a slow answer past the per-attempt timeout is a timeout, then retried', async () => {
    const sandbox = await openSandbox({ faults: { rate: 0, slowMs: 30_000 * SPEED } });
    const retries: RetryEvent[] = [];
    const { client } = clientOf(sandbox, {
      timeoutMs: 300,
      onRetry: (event) => retries.push(event),
    });
    sandbox.injectFaults({ kind: 'slow', method: 'workflow.applicant.register' });
    await expect(client.register({ customerId: 'C_slow' })).resolves.toBeDefined();
    expect(retries[0]?.error).toMatchObject({ failure: 'timeout' });
  });

  it('a malformed envelope is a response ValidationError, not retried', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    sandbox.injectFaults({ kind: 'malformed-envelope', method: 'workflow.applicant.register' });
    const error = await failure(client.register({ customerId: 'C_bad' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ direction: 'response', method: 'workflow.applicant.register' });
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(1);
  });
});

describe('contract: abort', () => {
  it('aborts a call in flight at once', async () => {
    const sandbox = await openSandbox({ faults: { rate: 0, slowMs: 30_000 * SPEED } });
    const { client } = clientOf(sandbox);
    sandbox.injectFaults({ kind: 'slow', method: 'workflow.applicant.register' });
    const controller = new AbortController();
    const call = client.register({ customerId: 'C_abort' }, { signal: controller.signal });
    // The call has reached the sandbox, which holds its answer back.
    await vi.waitFor(() => expect(sandbox.stats().faultsInjected).toBe(1), { timeout: 10_000 });
    controller.abort();
    const error = await failure(call);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ failure: 'abort' });
  });

  it('aborts while waiting to retry, without another attempt', async () => {
    const sandbox = await openSandbox({ faults: { rate: 0, retryAfterSeconds: 600 } });
    const controller = new AbortController();
    let answered = false;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      answered = true;
      return response;
    };
    const { client } = clientOf(sandbox, { retry: { maxDelayMs: 600_000 }, fetch });
    sandbox.injectFaults({ kind: 'http-503', method: 'workflow.applicant.register' });
    const call = failure(client.register({ customerId: 'C_wait' }, { signal: controller.signal }));
    // The abort comes once the 503 is in: the call is then waiting 600 s to retry.
    await vi.waitFor(() => expect(answered).toBe(true), { timeout: 10_000 });
    controller.abort();
    const error = await call;
    expect(error).toMatchObject({ failure: 'abort' });
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(1);
  });
});
