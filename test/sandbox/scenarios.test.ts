import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SandboxAdminError, startSandbox } from '../../src/sandbox/index.js';
import { WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import {
  driveExecution,
  driveGuideFlow,
  GUIDE_NODE_TYPES,
  type GuideCustomer,
  type Wait,
} from './guide-flow.js';
import { manualClock } from './harness.js';
import { type RawClient, rawClient } from './raw-client.js';

const FULL = [...GUIDE_NODE_TYPES];
let counter = 0;
const customer = (customerId: string, email = 'john@example.com'): GuideCustomer => {
  counter += 1;
  return { customerId, email, referenceId: `ref-${counter}` };
};

/** Every sandbox reads this clock, which moves a second per poll and only then. */
const clock = manualClock();
const wait: Wait = async () => clock.tick(1_000);

describe('scenarios over loopback, on a clock the test moves', () => {
  let sandbox: Sandbox;
  let client: RawClient;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 3, now: clock.now });
    client = rawClient(sandbox.gatewayUrl, sandbox.credentials);
  });
  afterAll(() => sandbox.close());

  /** A sandbox whose default scenario is `name`, driven as far as the guide goes. */
  const run = async (name: string) => {
    const own = await startSandbox({ seed: 3, scenario: name, now: clock.now });
    try {
      return await driveGuideFlow(
        rawClient(own.gatewayUrl, own.credentials),
        customer(`C_${name}`),
        wait,
      );
    } finally {
      await own.close();
    }
  };

  it('full: every client node, then COMPLETED/APPROVED', async () => {
    const { final, visited } = await run('full');
    expect(visited).toEqual(FULL);
    expect(final).toMatchObject({ status: 'COMPLETED', result: { decision: 'APPROVED' } });
  });

  it('minimal: particulars and liveness, then COMPLETED/APPROVED', async () => {
    const { final, visited } = await run('minimal');
    expect(visited).toEqual(['flow_action_individual_particular', 'flow_action_liveness_test']);
    expect(final).toMatchObject({ status: 'COMPLETED', result: { decision: 'APPROVED' } });
  });

  it('rejected: COMPLETED/REJECTED after screening', async () => {
    const { final, visited } = await run('rejected');
    expect(visited).toEqual(FULL);
    expect(final).toMatchObject({ status: 'COMPLETED', result: { decision: 'REJECTED' } });
  });

  it('failed: FAILED after screening, with an error', async () => {
    const { final, visited } = await run('failed');
    expect(visited).toEqual(FULL);
    expect(final.status).toBe('FAILED');
    expect(final.error?.message).toEqual(expect.any(String));
  });

  it('timeout and cancelled: end after the first two nodes', async () => {
    for (const [name, status] of [
      ['timeout', 'TIMEOUT'],
      ['cancelled', 'CANCELLED'],
    ]) {
      const { final, visited } = await run(name as string);
      expect(visited).toEqual(FULL.slice(0, 2));
      expect(final.status).toBe(status);
      expect(final.currentNode).toBeUndefined();
    }
  });

  it('ocr-failure: the identity document twice (retake), then as full', async () => {
    const { final, visited } = await run('ocr-failure');
    expect(visited).toEqual([FULL[0], ...FULL]);
    expect(final).toMatchObject({ status: 'COMPLETED', result: { decision: 'APPROVED' } });
  });

  it('manual-review: WAITING on flow_action_manual_review until sandbox.review.decide', async () => {
    const own = await startSandbox({ seed: 3, scenario: 'manual-review', now: clock.now });
    const ownClient = rawClient(own.gatewayUrl, own.credentials);
    try {
      const { final, visited, executionId } = await driveGuideFlow(
        ownClient,
        customer('C_review'),
        wait,
      );
      expect(visited).toEqual(FULL);
      expect(final).toMatchObject({
        status: 'WAITING',
        currentNode: { nodeType: 'flow_action_manual_review' },
      });
      expect(final.currentNode?.callbackKey).toMatch(/^kyc:review:/);
      // It stays there, however long one waits.
      clock.tick(30 * 24 * 3_600_000);
      expect((await driveExecution(ownClient, executionId, undefined, wait)).final.status).toBe(
        'WAITING',
      );

      const decided = await ownClient.call('sandbox.review.decide', {
        executionId,
        decision: 'APPROVED',
      });
      expect(decided.apiCode).toBe(200);
      expect(
        await ownClient.call('sandbox.review.decide', { executionId, decision: 'APPROVED' }),
      ).toEqual(decided);
      const after = await driveExecution(ownClient, executionId, undefined, wait);
      expect(after.final).toMatchObject({ status: 'COMPLETED', result: { decision: 'APPROVED' } });
    } finally {
      await own.close();
    }
  });

  it('magic tags in the customerId or the email force a scenario per customer', async () => {
    const tagged = await driveGuideFlow(client, customer('C_42+rejected'), wait);
    expect(tagged.final).toMatchObject({ status: 'COMPLETED', result: { decision: 'REJECTED' } });

    const byEmail = await driveGuideFlow(
      client,
      customer('C_43', 'jane+manual-review@example.com'),
      wait,
    );
    expect(byEmail.final.currentNode?.nodeType).toBe('flow_action_manual_review');
    sandbox.admin.decideReview(byEmail.executionId, 'REJECTED');
    const rejected = await driveExecution(client, byEmail.executionId, undefined, wait);
    expect(rejected.final).toMatchObject({
      status: 'COMPLETED',
      result: { decision: 'REJECTED', reason: 'manual review' },
    });

    const minimal = await driveGuideFlow(
      client,
      customer('C_44+minimal', 'x+failed@example.com'),
      wait,
    );
    expect(minimal.visited).toHaveLength(2); // the customerId's tag comes first

    const notATag = await driveGuideFlow(client, customer('C_45+vip'), wait);
    expect(notATag.final).toMatchObject({ status: 'COMPLETED', result: { decision: 'APPROVED' } });

    const scenarios = Object.fromEntries(
      sandbox.stats().executions.map((e) => [e.customerId, e.scenario]),
    );
    expect(scenarios).toMatchObject({
      'C_42+rejected': 'rejected',
      C_43: 'manual-review',
      'C_44+minimal': 'minimal',
      'C_45+vip': 'full',
    });
  });

  it('admin cancel and expire end any execution; ended ones and unknown ones are refused', async () => {
    const start = async (c: GuideCustomer) => {
      await client.data('workflow.applicant.register', { customerId: c.customerId });
      const started = await client.data<{ executionId: string }>('workflow.apply.submit', {
        eventType: 'KYC_EVENT',
        source: 'API',
        data: { customerId: c.customerId, referenceId: c.referenceId },
      });
      return started.executionId;
    };
    const cancelled = await start(customer('C_cancel'));
    const answer = await client.data('sandbox.execution.cancel', { executionId: cancelled });
    expect(answer).toEqual({ executionId: cancelled, status: 'CANCELLED' });
    expect(await client.data('sandbox.execution.cancel', { executionId: cancelled })).toEqual(
      answer,
    );
    expect((await driveExecution(client, cancelled, undefined, wait)).final.status).toBe(
      'CANCELLED',
    );

    const expired = await start(customer('C_expire'));
    sandbox.admin.expire(expired);
    const timedOut = (await driveExecution(client, expired, undefined, wait)).final;
    expect(timedOut).toMatchObject({ status: 'TIMEOUT', error: { code: 'EXECUTION_TIMEOUT' } });

    const refused = await client.call('sandbox.execution.expire', { executionId: cancelled });
    expect(refused.apiCode).toBe(WORKFLOW_CODES.NODE_NOT_WAITING);
    expect(() => sandbox.admin.cancel(expired)).toThrow(SandboxAdminError);
    expect(() => sandbox.admin.decideReview('exec-none', 'APPROVED')).toThrow(
      /EXECUTION_NOT_FOUND/,
    );
    const notReview = await start(customer('C_not_review'));
    expect(() => sandbox.admin.decideReview(notReview, 'APPROVED')).toThrow(/NODE_NOT_WAITING/);
  });

  it('sandbox.stats answers the counters over the signed gateway', async () => {
    const stats = await client.data<{ starts: number; calls: Record<string, number> }>(
      'sandbox.stats',
      {},
    );
    expect(stats.starts).toBe(sandbox.stats().starts);
    expect(stats.calls['workflow.execution.status']).toBeGreaterThan(0);
  });
});
