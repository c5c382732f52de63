import { afterEach, describe, expect, it } from 'vitest';
import { harness } from './harness.js';

/**
 * The sandbox in the voice of a gateway that is not the brief's guess, over real HTTP with
 * a raw client (no kyc-flow code reading it): what each dialect answers, and how the
 * deviant one takes the callbackKeys a client derives.
 */

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
});

async function deviant(dialect: 'deviant' | 'broken' = 'deviant') {
  const h = await harness({ scenario: 'minimal', dialect });
  open.push(h.sandbox);
  const call = (api: string, payload: unknown) => h.client.call(api, payload);
  /** The `data` of a deviant success: nested one level deeper. */
  const inner = async (api: string, payload: unknown) => {
    const envelope = (await call(api, payload)) as unknown as {
      apiCode: unknown;
      apiMsg?: string;
      data: { data: Record<string, unknown>; success: boolean };
    };
    expect(envelope).toMatchObject({ apiCode: '200', data: { success: true } });
    expect(envelope.apiMsg).toBeUndefined();
    return envelope.data.data;
  };
  return { h, call, inner };
}

const START = {
  eventType: 'KYC_EVENT',
  source: 'API',
  data: { customerId: 'C_dialect', referenceId: 'ref-1' },
};

describe('sandbox dialects', () => {
  it('deviant: no echoed customerId, no start status, PENDING, keyless nodes, extra fields, nested data', async () => {
    const { h, inner } = await deviant();
    expect(await inner('workflow.applicant.register', { customerId: 'C_dialect' })).toEqual({
      vendorTrace: 'sandbox-deviant',
    });
    const started = await inner('workflow.apply.submit', START);
    expect(started).toEqual({ executionId: expect.any(String), vendorTrace: 'sandbox-deviant' });
    const executionId = String(started.executionId);
    expect(await inner('workflow.execution.status', { executionId })).toMatchObject({
      status: 'PENDING',
    });
    h.clock.tick();
    const waiting = await inner('workflow.execution.status', { executionId });
    expect(waiting).toMatchObject({
      status: 'WAITING',
      currentNode: {
        nodeId: 'node-1',
        nodeType: 'flow_action_individual_particular',
        displayName: 'flow_action_individual_particular',
      },
    });
    expect(waiting.currentNode).not.toHaveProperty('callbackKey');
  });

  it('deviant: takes a derived callbackKey for the node that waits, once, and keeps it bound', async () => {
    const { h, call, inner } = await deviant();
    await inner('workflow.applicant.register', { customerId: 'C_dialect' });
    const executionId = String((await inner('workflow.apply.submit', START)).executionId);
    h.clock.tick();
    await inner('workflow.execution.status', { executionId });
    const derived = `kyc:particular:${executionId}:node-1`;
    const particulars = {
      executionId,
      callbackKey: derived,
      referenceId: 'ref-1',
      personData: '{"name":"John Smith","dateOfBirth":"1990-01-15","nationality":"SG"}',
    };
    expect(await call('workflow.kyc.particular.data', particulars)).toMatchObject({
      apiCode: '200',
      data: null,
    });
    // A repeat under the same key is the same submission: no second effect.
    await call('workflow.kyc.particular.data', particulars);
    const effects = Object.entries(h.sandbox.stats().effects).filter(([key]) =>
      key.startsWith('kyc:particular:'),
    );
    expect(effects).toEqual([[expect.stringMatching(/^kyc:particular:/), 1]]);
    // A key spelled for another kind of node names nothing that waits.
    h.clock.tick();
    const stale = await call('workflow.kyc.particular.data', {
      ...particulars,
      callbackKey: `kyc:particular:${executionId}:node-9`,
    });
    expect(stale).toMatchObject({ apiCode: 410001 });
  });

  it('broken: a status answer without a status; setDialect fixes it while it runs', async () => {
    const { h, call } = await deviant('broken');
    await h.client.data('workflow.applicant.register', { customerId: 'C_dialect' });
    const { executionId } = await h.client.data<{ executionId: string }>(
      'workflow.apply.submit',
      START,
    );
    const broken = await call('workflow.execution.status', { executionId });
    expect(broken).toMatchObject({ apiCode: 200, data: { executionId } });
    expect(broken.data).not.toHaveProperty('status');
    h.sandbox.setDialect('standard');
    expect(await h.status(executionId)).toMatchObject({ status: 'RUNNING' });
    expect(() => h.sandbox.setDialect('chatty' as 'standard')).toThrow(/unknown dialect/);
  });
});
