import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowEmitted } from '../../src/machine/types.js';
import type { Scenario } from '../../src/sandbox/index.js';
import { hostFor } from '../machine/host.js';
import { customerFor, openSandbox, SPEED, viewWhere } from '../machine/sandbox-harness.js';
import { rewritingClient, withStatus } from './rewriting-client.js';

/**
 * The vendor's guide shows no answer of `workflow.kyc.ocr.data` at all: its status words are
 * our guess (PROCESSING, SUCCESS, FAILED). A real gateway may say another word while it reads
 * (PENDING, IN_PROGRESS, QUEUED): that is an OCR not done yet, read again at the OCR's pace,
 * never a broken contract that stops the identity step.
 */

const OCR_READ = 'workflow.kyc.ocr.data';
const identityOnly: Scenario = {
  name: 'identity-only',
  steps: ['identityDocument'],
  outcome: 'APPROVED',
};

async function flowOver(word: string, always: boolean) {
  const sandbox = await openSandbox({ scenarios: [identityOnly], scenario: identityOnly });
  // The sandbox at this speed has read the document by the first read: the first three say
  // the word instead (or every one, `always`).
  let reads = 0;
  const gateway = rewritingClient(sandbox, (method, answer) => {
    if (method !== OCR_READ) return undefined;
    reads += 1;
    return always || reads <= 3 ? withStatus(answer, word) : undefined;
  });
  const flow = createKycFlow({
    client: gateway.client,
    customer: customerFor(),
    polling: { timeScale: SPEED },
  });
  const events: FlowEmitted[] = [];
  flow.on('*', (event) => events.push(event));
  return { flow, events, gateway };
}

describe('an OCR status word the guide does not show', () => {
  it.each(['PENDING', 'IN_PROGRESS', 'queued'])(
    'while it reads (%s): read again until SUCCESS, the flow APPROVED',
    async (word) => {
      const { flow, events, gateway } = await flowOver(word, false);
      hostFor(flow);
      flow.start().send({ type: 'START' });
      await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
      expect(gateway.of(OCR_READ).length).toBeGreaterThan(3);
      expect(events.filter((event) => event.type === 'ocrResult')).toHaveLength(1);
      expect(events.filter((event) => event.type === 'needsAttention')).toEqual([]);
    },
  );

  it('that never turns SUCCESS or FAILED (ERROR): the last read says which word it was, and reading stops', async () => {
    const { flow, events, gateway } = await flowOver('ERROR', true);
    flow.start().send({ type: 'START' });
    await viewWhere(flow, (view) => view.expects.includes('SUBMIT_IDENTITY_DOCUMENT'));
    hostFor(flow, { override: (view) => (view.expects.includes('RETAKE') ? [] : undefined) });
    const failed = await viewWhere(
      flow,
      (view) => view.expects.includes('RETAKE') || view.step === 'needsAttention' || view.done,
    );
    const reason = 'the OCR did not finish (ERROR)';
    expect(failed.ocr).toMatchObject({ status: 'failed', reason });
    expect(events.filter((event) => event.type === 'ocrFailed')).toEqual([
      { type: 'ocrFailed', reason },
    ]);
    const reads = gateway.of(OCR_READ).length;
    expect(reads).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.of(OCR_READ)).toHaveLength(reads);
  });
});
