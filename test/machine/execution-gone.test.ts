import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import { answerAll } from './answers.js';
import { runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

const notFound = (method: 'workflow.kyc.particular.data' | 'workflow.execution.status') =>
  new GatewayError(method, WORKFLOW_CODES.EXECUTION_NOT_FOUND, 'execution not found');

const flowOn = (fake: ReturnType<typeof createFakeGateway>) => {
  const flow = createKycFlow({
    client: fake.client,
    customer: { email: 'jane@example.com', referenceId: 'ref-gone' },
  });
  answerAll(flow);
  flow.start().send({ type: 'START' });
  return flow;
};

describe('a submission answered "execution not found"', () => {
  it('is not taken for the outcome: the status read finds the execution, and the flow goes on', async () => {
    const fake = createFakeGateway({ nodes: ['particulars', 'liveness'] });
    fake.failNext('workflow.kyc.particular.data', notFound('workflow.kyc.particular.data'));
    const flow = flowOn(fake);
    await expect(settle(flow.whenDone())).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(fake.calls['workflow.kyc.particular.data']).toBe(2);
  });

  it('ends the flow failed when the status read does not find the execution either', async () => {
    const fake = createFakeGateway({ nodes: ['particulars', 'liveness'] });
    fake.failNext('workflow.kyc.particular.data', notFound('workflow.kyc.particular.data'));
    const flow = flowOn(fake);
    // The next status read, made to see where the execution is, does not find it.
    const reads = () => fake.calls['workflow.execution.status'] ?? 0;
    flow.subscribe(() => {
      if (fake.calls['workflow.kyc.particular.data'] === 1 && reads() > 0) {
        fake.failNext('workflow.execution.status', notFound('workflow.execution.status'), 5);
      }
    });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({
      status: 'failed',
      error: { apiCode: WORKFLOW_CODES.EXECUTION_NOT_FOUND },
    });
    expect(fake.calls['workflow.kyc.particular.data']).toBe(1);
  });
});
