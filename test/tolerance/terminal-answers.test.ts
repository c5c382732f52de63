import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowEmitted } from '../../src/machine/types.js';
import { SAMPLE } from '../machine/answers.js';
import { hostFor } from '../machine/host.js';
import { customerFor, openSandbox, SPEED, viewWhere } from '../machine/sandbox-harness.js';
import { envelopeResponse, rewritingClient, withStatus } from './rewriting-client.js';

/**
 * The outcome a flow reports is what the execution's terminal answer said, never trouble of
 * the flow's own before it: a gateway may end an execution while showing the node it ended
 * at (`currentNode` still set), and say nothing of why.
 */

const STATUS = 'workflow.execution.status';
const PARTICULARS = 'workflow.kyc.particular.data';

describe('a terminal answer', () => {
  it('FAILED still showing the node whose input was refused, with no error of its own: failed, not the refusal', async () => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    let refused = false;
    const gateway = rewritingClient(sandbox, (method, answer) => {
      if (method === PARTICULARS) {
        refused = true;
        return envelopeResponse({ apiCode: 999301, apiMsg: 'API_INVALID_REQUEST', data: null });
      }
      // Once it refused the input, the execution ends FAILED at that node.
      return method === STATUS && refused ? withStatus(answer, 'FAILED') : undefined;
    });
    const flow = createKycFlow({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
    });
    const events: FlowEmitted[] = [];
    flow.on('*', (event) => events.push(event));
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.expects.includes('SUBMIT_PARTICULARS'));
    flow.send(SAMPLE.particulars);
    const refusal = await viewWhere(flow, (view) => view.error !== undefined || view.done);
    expect(refusal.error).toMatchObject({ apiCode: 999301 });

    const outcome = await flow.whenDone();
    flow.stop();
    // The gateway said FAILED and nothing else: the host's refused input is not its reason.
    expect(outcome).toEqual({ status: 'failed', executionId: refusal.executionId });
    expect(events.filter((event) => event.type === 'outcome')).toEqual([
      { type: 'outcome', outcome },
    ]);
  });

  it.each([
    ['names its own fields', { errorCode: 'AML_HIT', errorMessage: 'sanctions list match' }],
    ['adds to code and message', { code: 'AML_HIT', message: 'screening', detail: { list: 'UN' } }],
  ])('FAILED whose error %s: the host reads every field it sent', async (_name, error) => {
    const sandbox = await openSandbox({ scenario: 'minimal' });
    const gateway = rewritingClient(sandbox, async (method, answer) => {
      if (method !== STATUS) return undefined;
      const body = (await (await answer()).json()) as { data?: object };
      return envelopeResponse({ ...body, data: { ...body.data, status: 'FAILED', error } });
    });
    const flow = createKycFlow({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
    });
    flow.start().send({ type: 'START' });
    const outcome = await flow.whenDone();
    flow.stop();
    expect(outcome).toEqual({
      status: 'failed',
      executionId: expect.any(String),
      error: { code: 'EXECUTION_ERROR', message: '', ...error },
    });
  });

  it.each([
    ['approved', 'APPROVED'],
    ['REJECTED', 'REJECTED'],
    ['MANUAL_REVIEW', 'UNKNOWN'],
  ] as const)(
    'COMPLETED with no result but its own decision (%s): that decision, as sent',
    async (sent, decision) => {
      const sandbox = await openSandbox({ scenario: 'minimal' });
      const gateway = rewritingClient(sandbox, async (method, answer) => {
        if (method !== STATUS) return undefined;
        const body = (await (await answer()).json()) as { data: { status: string } };
        if (body.data.status !== 'COMPLETED') return envelopeResponse(body);
        const { result: _dropped, ...flat } = body.data as { result?: unknown };
        return envelopeResponse({ ...body, data: { ...flat, decision: sent } });
      });
      const flow = createKycFlow({
        client: gateway.client,
        customer: customerFor(),
        polling: { timeScale: SPEED },
      });
      hostFor(flow);
      flow.start().send({ type: 'START' });
      const outcome = await flow.whenDone();
      flow.stop();
      expect(outcome).toEqual({
        status: 'completed',
        decision,
        executionId: expect.any(String),
        result: { decision: sent },
      });
    },
  );
});
