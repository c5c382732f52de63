import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { METHOD_NAMES, methods, NODE_TYPES } from '../../src/services/index.js';
import { clientOf, onboard, openSandbox, PERSON } from './harness.js';

describe('contract: the client drives the sandbox over loopback', () => {
  it('takes the full scenario from register to COMPLETED/APPROVED through all seven client nodes', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    const { state, visited } = await onboard(client, 'C_full_1', 'john@example.com');

    expect(state.status).toBe('COMPLETED');
    expect(state.result?.decision).toBe('APPROVED');
    expect(visited).toEqual([
      NODE_TYPES.identityDocument,
      NODE_TYPES.particulars,
      NODE_TYPES.liveness,
      NODE_TYPES.emailOtp,
      NODE_TYPES.phoneOtp,
      NODE_TYPES.requiredDocuments,
      NODE_TYPES.requiredForms,
    ]);
    const { calls, effects } = sandbox.stats();
    for (const method of METHOD_NAMES) expect(calls[method] ?? 0).toBeGreaterThan(0);
    for (const count of Object.values(effects)) expect(count).toBeLessThanOrEqual(1);
  });

  it('signs the exact bytes it sends, HMAC-SHA256 in lowercase hex', async () => {
    const sandbox = await openSandbox();
    const { client, captured } = clientOf(sandbox);
    await client.register({ customerId: 'C_sign', email: 'zoë+陳@example.com' });
    const [call] = captured;
    expect(call?.sign).toMatch(/^[0-9a-f]{64}$/);
    expect(call?.sign).toBe(
      createHmac('sha256', sandbox.credentials.apiSecret)
        .update(call?.body ?? '')
        .digest('hex'),
    );
  });

  it('sends JSON string fields as strings that decode back to what the host gave', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const { client, captured } = clientOf(sandbox);
    const { state } = await onboard(client, 'C_json', 'jane@example.com');
    expect(state.status).toBe('COMPLETED');

    const particulars = captured.find((call) => call.api === 'workflow.kyc.particular.data');
    const wire = JSON.parse(particulars?.body ?? '{}');
    expect(typeof wire.personData).toBe('string');
    expect(JSON.parse(wire.personData)).toEqual(PERSON);
    const decoded = z.safeDecode(methods['workflow.kyc.particular.data'].request, wire);
    expect(decoded.success).toBe(true);

    const liveness = JSON.parse(
      captured.find((call) => call.api === 'workflow.kyc.liveness.data')?.body ?? '{}',
    );
    expect(typeof liveness.scores).toBe('string');
    expect(typeof liveness.images).toBe('string');
    expect(JSON.parse(liveness.images).faceFull).toMatch(/^s3:\/\/workflow-kyc\//);
  });

  it('uploads a file to the storage service and gets an s3 URL under the execution', async () => {
    const sandbox = await openSandbox();
    const { client } = clientOf(sandbox);
    await client.register({ customerId: 'C_upload' });
    const { executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'API',
      data: { customerId: 'C_upload', referenceId: 'ref-upload' },
    });
    const { url } = await client.upload({
      file: new Blob(['%PDF-1.4 fake'], { type: 'application/pdf' }),
      filename: 'bill.pdf',
      executionId,
    });
    expect(url).toMatch(new RegExp(`^s3://workflow-kyc/${executionId}/.+bill\\.pdf$`));
  });
});
