import { describe, expect, it, vi } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import { answerAll } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
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

  it('needs attention, never failed, when the status read does not find the execution either; RETRY carries on once it is found', async () => {
    const fake = createFakeGateway({ nodes: ['particulars', 'liveness'] });
    fake.failNext('workflow.kyc.particular.data', notFound('workflow.kyc.particular.data'));
    const flow = flowOn(fake);
    // The next status read, made to see where the execution is, does not find it.
    const reads = () => fake.calls['workflow.execution.status'] ?? 0;
    let armed = false;
    flow.subscribe(() => {
      if (!armed && fake.calls['workflow.kyc.particular.data'] === 1 && reads() > 0) {
        armed = true;
        fake.failNext('workflow.execution.status', notFound('workflow.execution.status'), 5);
      }
    });
    await advanceUntil(() => flow.getView().step === 'needsAttention');
    const view = flow.getView();
    expect(view.step).toBe('needsAttention');
    expect(view.error).toMatchObject({ apiCode: WORKFLOW_CODES.EXECUTION_NOT_FOUND });
    // It waits for the host: no read after the one refused, however long.
    const readsWhenStopped = reads();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(reads()).toBe(readsWhenStopped);
    expect(flow.getView().step).toBe('needsAttention');
    // Found again (the configuration fixed): RETRY goes on to the end.
    fake.failNext('workflow.execution.status', notFound('workflow.execution.status'), 0);
    flow.send({ type: 'RETRY' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    // The answer the refusal interrupted was sent again by itself, once.
    expect(fake.calls['workflow.kyc.particular.data']).toBe(2);
  });
});
