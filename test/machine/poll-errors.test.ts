import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { GATEWAY_CODES } from '../../src/services/wire/vocabulary.js';
import { answerAll } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

describe('a status read the gateway refuses', () => {
  it('stops the flow for attention (RETRY carries on): read again, it would be refused again', async () => {
    const fake = createFakeGateway({ nodes: ['particulars'] });
    // Not a refusal of credentials, not transient: the read itself is refused.
    const refused = new GatewayError(
      'workflow.execution.status',
      GATEWAY_CODES.API_INVALID_REQUEST,
      'refused',
    );
    fake.failNext('workflow.execution.status', refused);
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-poll' },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    expect(flow.getView()).toMatchObject({
      expects: ['RETRY'],
      error: { code: 'GATEWAY_ERROR', apiCode: 999301 },
    });
    // It waits for the host: no read is made until RETRY.
    const reads = fake.calls['workflow.execution.status'];
    await advanceUntil(() => vi.getTimerCount() === 0);
    expect(fake.calls['workflow.execution.status']).toBe(reads);
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
  });
});
