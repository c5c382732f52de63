import { describe, expect, it } from 'vitest';
import { endedFlow } from '../../src/machine/ended-flow.js';
import { createKycFlow, type KycFlow } from '../../src/machine/index.js';
import {
  completedWith,
  REVIEW_WITH_ENGINE_VERDICT,
  scriptedStatusGateway,
} from './review-verdict-gateway.js';

/**
 * The decision a flow reports is the one the execution's terminal answer gave. While a
 * manual review waits, a gateway may show its engine's own verdict in `result`; a COMPLETED
 * that then says nothing of the decision has not decided by that verdict: the outcome is
 * UNKNOWN (never REJECTED unless the gateway said so at the end).
 */
const customer = { customerId: 'C_1', referenceId: 'ref-1' };
const polling = { timeScale: 200 };

async function finish(flow: KycFlow) {
  try {
    return await flow.whenDone();
  } finally {
    flow.stop();
  }
}

describe('the decision of a completed flow', () => {
  it.each([
    ['no result', completedWith()],
    ['result: null', completedWith({ result: null })],
  ])('COMPLETED with %s after a review that showed REJECTED: UNKNOWN', async (_name, terminal) => {
    const { client } = scriptedStatusGateway([REVIEW_WITH_ENGINE_VERDICT, terminal]);
    const flow = createKycFlow({ client, customer, polling });
    flow.start().send({ type: 'START' });
    const outcome = await finish(flow);
    expect(outcome).toEqual({ status: 'completed', decision: 'UNKNOWN', executionId: 'exec-1' });
  });

  it("is the terminal answer's own, and its result is the one the host reads", async () => {
    const terminal = completedWith({ result: { decision: 'APPROVED', reviewer: 'r-7' } });
    const { client } = scriptedStatusGateway([REVIEW_WITH_ENGINE_VERDICT, terminal]);
    const flow = createKycFlow({ client, customer, polling });
    flow.start().send({ type: 'START' });
    await expect(finish(flow)).resolves.toEqual({
      status: 'completed',
      decision: 'APPROVED',
      executionId: 'exec-1',
      result: { decision: 'APPROVED', reviewer: 'r-7' },
    });
  });

  it('restored while the review waits, a COMPLETED without result is still UNKNOWN', async () => {
    const before = scriptedStatusGateway([REVIEW_WITH_ENGINE_VERDICT]);
    const first = createKycFlow({ client: before.client, customer, polling });
    first.start().send({ type: 'START' });
    await new Promise<void>((resolve) => {
      const stop = first.subscribe((view) => {
        if (view.step !== 'pendingReview') return;
        stop();
        resolve();
      });
    });
    const saved = first.persist();
    first.stop();

    const after = scriptedStatusGateway([completedWith()]);
    const restored = createKycFlow({ client: after.client, customer, polling, snapshot: saved });
    restored.start();
    await expect(finish(restored)).resolves.toMatchObject({
      status: 'completed',
      decision: 'UNKNOWN',
    });
  });

  it('a flow saved at its outcome tells that outcome again when restored, and sends nothing', async () => {
    const { client } = scriptedStatusGateway([REVIEW_WITH_ENGINE_VERDICT, completedWith()]);
    const flow = createKycFlow({ client, customer, polling });
    flow.start().send({ type: 'START' });
    await finish(flow);
    const saved = endedFlow(flow.persist());

    const idle = scriptedStatusGateway([]);
    const restored = createKycFlow({ client: idle.client, customer, polling, snapshot: saved });
    restored.start();
    await expect(finish(restored)).resolves.toEqual({
      status: 'completed',
      decision: 'UNKNOWN',
      executionId: 'exec-1',
    });
    expect(idle.apis).toEqual([]);
  });
});
