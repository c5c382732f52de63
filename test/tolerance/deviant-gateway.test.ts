import { describe, expect, it } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/index.js';
import type { FlowEmitted, FlowView } from '../../src/machine/types.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { customerFor, flowFor, openSandbox, SPEED, viewWhere } from '../machine/sandbox-harness.js';
import { hostFromView } from '../resilience/view-host.js';

/**
 * A gateway that is not the brief's guess: the sandbox in another dialect, over real HTTP.
 * The flow must read it tolerantly, report only what the gateway said, and stop (not loop)
 * where the contract truly breaks.
 */

const ofType = <T extends FlowEmitted['type']>(events: FlowEmitted[], type: T) =>
  events.filter((event): event is Extract<FlowEmitted, { type: T }> => event.type === type);

/** Answers from the view as a UI would; resolves with the outcome. */
async function finish(flow: KycFlow) {
  const stop = hostFromView(flow, { retry: false });
  flow.start();
  try {
    return await flow.whenDone();
  } finally {
    stop();
  }
}

const statusReads = (sandbox: Sandbox, executionId: string) =>
  sandbox.stats().statusReads[executionId]?.length ?? 0;

describe('a gateway that deviates from the brief wherever the guide is silent', () => {
  it('drives full to APPROVED: no echoed ids, keyless nodes, PENDING, lower-case decision, extra fields', async () => {
    const sandbox = await openSandbox({ dialect: 'deviant', scenario: 'full' });
    const customer = customerFor();
    const { flow, events } = flowFor(sandbox, customer);
    const seen: FlowView[] = [];
    flow.subscribe((view) => seen.push(view));
    const outcome = await finish(flow);

    // The gateway said `approved`, and kept saying more: both reach the host as sent.
    expect(outcome).toEqual({
      status: 'completed',
      decision: 'APPROVED',
      executionId: expect.any(String),
      result: { decision: 'approved', vendorTrace: 'sandbox-deviant' },
    });
    // The customerId it did not echo is the one sent.
    expect(flow.getView().customerId).toBe(customer.customerId);
    // The OCR answer came in lower case with nulls for what it did not read: read as SUCCESS,
    // the fields the brief names in the host's shape (a null one left out), the others as sent.
    expect(ofType(events, 'ocrResult')).toEqual([
      {
        type: 'ocrResult',
        result: expect.objectContaining({
          documentType: 'INTERNATIONAL_PASSPORT',
          name: 'JOHN SMITH',
          placeOfBirth: null,
        }),
      },
    ]);
    expect(ofType(events, 'ocrResult')[0]?.result).not.toHaveProperty('expiryDate');
    // PENDING is polled through, and told once.
    expect(ofType(events, 'unknownStatus')).toEqual([{ type: 'unknownStatus', status: 'PENDING' }]);
    // Nodes sent without a callbackKey got one the guide's way; unknown fields are the host's.
    const particulars = seen.find((view) => view.step === 'particulars')?.node;
    expect(particulars).toMatchObject({
      nodeId: expect.any(String),
      callbackKey: `kyc:particular:${outcome.executionId}:${particulars?.nodeId}`,
      displayName: 'flow_action_individual_particular',
      vendorTrace: 'sandbox-deviant',
    });
    const documents = seen.find((view) => view.step === 'requiredDocuments')?.node;
    expect(documents?.nodeId).toBeUndefined();
    expect(documents?.callbackKey).toBe(`kyc:required_doc:${outcome.executionId}:1`);
    // Every submission under a derived key reached its node, once.
    const effects = sandbox.stats().effects;
    expect(Object.values(effects).every((count) => count === 1)).toBe(true);
    expect(Object.keys(effects).filter((key) => key.startsWith('kyc:'))).toHaveLength(11);
  });

  it.each([
    ['full', 'MANUAL_REVIEW'],
    ['rejected', undefined],
  ] as const)(
    'reports %s with a decision it cannot know as completed UNKNOWN, never REJECTED',
    async (scenario, sent) => {
      const sandbox = await openSandbox({ dialect: 'undecided', scenario });
      const { flow } = flowFor(sandbox, customerFor());
      const outcome = await finish(flow);
      expect(outcome).toMatchObject({ status: 'completed', decision: 'UNKNOWN' });
      // What the gateway sent is there for the host (a compliance team) to read.
      const result = outcome.status === 'completed' ? outcome.result : undefined;
      expect(result?.decision).toBe(sent);
      expect(result?.vendorTrace).toBe('sandbox-deviant');
    },
  );

  it('reports failed with the error the gateway sent as a bare message, not a broken contract', async () => {
    const sandbox = await openSandbox({ dialect: 'deviant', scenario: 'failed' });
    const { flow } = flowFor(sandbox, customerFor());
    const outcome = await finish(flow);
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { message: 'the workflow failed; contact support' },
    });
  });

  it('stops in needsAttention when the contract truly breaks, reads no more, and carries on after RETRY once fixed', async () => {
    const sandbox = await openSandbox({ dialect: 'broken', scenario: 'minimal' });
    const { flow, events } = flowFor(sandbox, customerFor());
    flow.start().send({ type: 'START' });
    const view = await viewWhere(flow, (next) => next.step === 'needsAttention');
    expect(view).toMatchObject({
      state: 'needsAttention',
      expects: ['RETRY'],
      error: {
        code: 'CONTRACT_BROKEN',
        method: 'workflow.execution.status',
        field: 'status',
        retryable: true,
      },
    });
    expect(ofType(events, 'needsAttention')).toHaveLength(1);
    const executionId = view.executionId as string;
    // A bounded number of reads, then nothing: it never leaves by itself.
    expect(statusReads(sandbox, executionId)).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 60_000 / SPEED));
    expect(statusReads(sandbox, executionId)).toBe(3);
    expect(flow.getView().step).toBe('needsAttention');

    // The gateway is fixed (or the client upgraded): the host resumes where it stopped.
    sandbox.setDialect('standard');
    flow.send({ type: 'RETRY' });
    await expect(finish(flow)).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(Object.values(sandbox.stats().effects).every((count) => count === 1)).toBe(true);
  });

  it('shows a node type it does not know as its own state, with the raw node, until it moves on', async () => {
    const scenario = {
      name: 'video-call',
      steps: ['particulars', 'flow_action_video_call', 'liveness'],
      outcome: 'APPROVED' as const,
    };
    const sandbox = await openSandbox({ dialect: 'deviant', scenarios: [scenario], scenario });
    const { flow, events } = flowFor(sandbox, customerFor());
    const stop = hostFromView(flow);
    flow.start();
    const view = await viewWhere(flow, (next) => next.step === 'unknownNode');
    expect(view).toMatchObject({
      state: 'tracking.unknownNode',
      expects: [],
      node: { nodeType: 'flow_action_video_call', displayName: 'flow_action_video_call' },
    });
    expect(ofType(events, 'unknownNode')).toEqual([{ type: 'unknownNode', node: view.node }]);
    expect(ofType(events, 'pendingReview')).toEqual([]);
    // Someone else answers it; the flow notices and carries on.
    sandbox.admin.decideReview(view.executionId as string, 'APPROVED');
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    stop();
    expect(ofType(events, 'unknownNode')).toHaveLength(1);
  });

  it('stops in needsAttention when the gateway refuses our secret, and resumes with the right one', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const customer = customerFor();
    const wrong = createKycFlow({
      client: {
        gatewayUrl: sandbox.gatewayUrl,
        ...sandbox.credentials,
        apiSecret: 'sk_wrong',
        retry: { limit: 0 },
      },
      customer,
      polling: { timeScale: SPEED },
    });
    wrong.start().send({ type: 'START' });
    const view = await viewWhere(wrong, (next) => next.step === 'needsAttention');
    expect(view.error).toMatchObject({
      code: 'CREDENTIALS_REFUSED',
      apiCode: 999001,
      method: 'workflow.applicant.register',
    });
    expect(JSON.stringify(view)).not.toContain('sk_');
    const snapshot = wrong.persist();
    wrong.stop();

    const { flow } = flowFor(sandbox, customer, { snapshot });
    flow.start().send({ type: 'RETRY' });
    await expect(finish(flow)).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(sandbox.stats().registrations).toBe(1);
  });
});
