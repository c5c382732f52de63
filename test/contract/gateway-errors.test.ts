import { describe, expect, it } from 'vitest';
import {
  GATEWAY_CODES,
  type GatewayClient,
  GatewayError,
  WORKFLOW_CODES,
} from '../../src/services/index.js';
import { failure } from '../support/failure.js';
import { clientOf, nextStop, openSandbox, PERSON, REFERENCE_ID, rawCall } from './harness.js';

const start = async (client: GatewayClient, customerId: string) => {
  await client.register({ customerId });
  return client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'API',
    data: { customerId, referenceId: REFERENCE_ID },
  });
};

describe('contract: every gateway error code reaches the caller typed, and only 999401 is retried', () => {
  it('999001 for a request signed with the wrong secret, at once', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox, { apiSecret: 'sk_wrong' });
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ apiCode: GATEWAY_CODES.SIGN_ERROR, retryable: false });
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(1);
  });

  it('999001 for a custom signer that signs other bytes', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox, { sign: async () => '0'.repeat(64) });
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toMatchObject({ apiCode: GATEWAY_CODES.SIGN_ERROR });
  });

  it('999301 for a JSON string field sent as a nested object (a raw, correctly signed body)', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    const { executionId } = await start(client, 'C_raw');
    const state = await nextStop(client, executionId);
    const body = JSON.stringify({
      executionId,
      callbackKey: state.currentNode?.callbackKey,
      referenceId: REFERENCE_ID,
      personData: PERSON,
    });
    const answer = await rawCall(sandbox, 'workflow.kyc.particular.data', body);
    expect(answer.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(await rawCall(sandbox, 'workflow.execution.status', '{not json')).toMatchObject({
      apiCode: GATEWAY_CODES.API_INVALID_REQUEST,
    });
  });

  it('999302 for a method the gateway does not know', async () => {
    const sandbox = await openSandbox();
    const answer = await rawCall(sandbox, 'workflow.kyc.nope', '{}');
    expect(answer.apiCode).toBe(GATEWAY_CODES.API_NOT_FOUND);
  });

  it('999303 for an unknown apiKey or domain, at once', async () => {
    const sandbox = await openSandbox();
    for (const override of [{ apiKey: 'ak_unknown' }, { domainId: 'dom_unknown' }]) {
      const { client } = clientOf(sandbox, override);
      const error = await failure(client.getExecution({ executionId: 'exec-x' }));
      expect(error).toMatchObject({ apiCode: GATEWAY_CODES.API_NON_AUTHORIZED, retryable: false });
    }
    expect(sandbox.stats().calls['workflow.execution.status']).toBe(2);
  });

  it('999401 is retried and the call succeeds', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    sandbox.injectFaults({
      kind: 'service-timeout',
      method: 'workflow.applicant.register',
      times: 2,
    });
    await expect(client.register({ customerId: 'C_401' })).resolves.toMatchObject({
      customerId: 'C_401',
    });
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(3);
    expect(sandbox.stats().registrations).toBe(1);
  });

  it('999401 past the budget leaves the last error, still retryable', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox, { retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 5 } });
    sandbox.injectFaults({ kind: 'service-timeout', times: 5 });
    const error = await failure(client.register({ customerId: 'C_spent' }));
    expect(error).toMatchObject({ apiCode: GATEWAY_CODES.SERVICE_TIME_OUT, retryable: true });
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(2);
  });

  it.each([
    ['gateway-error', GATEWAY_CODES.GATEWAY_ERROR],
    ['invoke-error', GATEWAY_CODES.SERVICE_INVOKE_ERROR],
  ] as const)('%s (%i) fails at once', async (kind, apiCode) => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    sandbox.injectFaults({ kind, method: 'workflow.applicant.register' });
    const error = await failure(client.register({ customerId: 'C_1' }));
    expect(error).toMatchObject({ apiCode, retryable: false });
    expect(sandbox.stats().calls['workflow.applicant.register']).toBe(1);
  });

  it('workflow codes: a stale callbackKey and an unknown execution fail at once', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    const { executionId } = await start(client, 'C_stale');
    const state = await nextStop(client, executionId);
    const stale = await failure(
      client.submitParticulars({
        executionId,
        callbackKey: `${state.currentNode?.callbackKey}-old`,
        referenceId: REFERENCE_ID,
        personData: PERSON,
      }),
    );
    expect(stale).toMatchObject({ apiCode: WORKFLOW_CODES.NODE_NOT_WAITING, retryable: false });
    const missing = await failure(client.getExecution({ executionId: 'exec-missing' }));
    expect(missing).toMatchObject({ apiCode: WORKFLOW_CODES.EXECUTION_NOT_FOUND });
    expect(sandbox.stats().calls['workflow.kyc.particular.data']).toBe(1);
  });

  it("a callbackKey of another execution is refused NODE_NOT_WAITING, never answered with that execution's answer", async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { client } = clientOf(sandbox);
    const particulars = async (customerId: string) => {
      const { executionId } = await start(client, customerId);
      const state = await nextStop(client, executionId);
      return { executionId, callbackKey: state.currentNode?.callbackKey ?? '' };
    };
    const alice = await particulars('C_alice');
    const bob = await particulars('C_bob');
    const submit = (executionId: string, callbackKey: string) =>
      client.submitParticulars({
        executionId,
        callbackKey,
        referenceId: REFERENCE_ID,
        personData: PERSON,
      });
    await submit(alice.executionId, alice.callbackKey);

    // Bob's execution with Alice's key: not a repeat of her submission, and not his node.
    const crossed = await failure(submit(bob.executionId, alice.callbackKey));
    expect(crossed).toMatchObject({ apiCode: WORKFLOW_CODES.NODE_NOT_WAITING, retryable: false });
    expect(JSON.stringify(crossed)).not.toContain(alice.executionId);
    // Alice's own repeat still gets her first answer; Bob's node still waits for his.
    await expect(submit(alice.executionId, alice.callbackKey)).resolves.toMatchObject({
      executionId: alice.executionId,
    });
    await expect(submit(bob.executionId, bob.callbackKey)).resolves.toMatchObject({
      executionId: bob.executionId,
    });
    expect(sandbox.stats().repeatsAnswered).toBe(1);
  });
});
