import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { GATEWAY_CODES } from '../../src/services/wire/vocabulary.js';
import { answerAll } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

describe('a status read the gateway refuses', () => {
  it('suspends the flow (and RETRY carries on), never leaves it polling with no read in flight', async () => {
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
    await advanceUntil(() => flow.getView().step === 'suspended');
    expect(flow.getView().error).toMatchObject({ code: 'GATEWAY_ERROR', apiCode: 999301 });
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
  });
});
