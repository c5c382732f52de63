import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowEmitted } from '../../src/machine/types.js';
import type { GatewayClient } from '../../src/services/types.js';
import type { ExecutionAnswer } from '../../src/services/wire/records.js';
import { answerAll } from './answers.js';
import { runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

/**
 * A gateway whose engine takes an answer at once (apiCode 200) and moves the workflow on a
 * little later, as an asynchronous engine does: the status reads just after an answer still
 * show its node WAITING, under the same callbackKey. The flow keeps reading; it neither asks
 * the host again nor sends the answer twice.
 */

const SUBMISSIONS = [
  'submitIdentityDocument',
  'submitParticulars',
  'submitLiveness',
  'sendOtp',
  'verifyOtp',
  'addRequiredDocument',
  'submitRequiredDocuments',
  'submitRequiredForm',
] as const;

/** `client` whose status reads lag `reads` reads behind each submission. */
function lagging(client: GatewayClient, reads: number): GatewayClient {
  let before: ExecutionAnswer | undefined;
  let behind = 0;
  const wrapped: Partial<Record<(typeof SUBMISSIONS)[number], unknown>> = {};
  for (const name of SUBMISSIONS) {
    const submit = client[name] as (input: unknown, options?: unknown) => Promise<unknown>;
    wrapped[name] = async (input: unknown, options?: unknown) => {
      const answer = await submit(input, options);
      behind = reads;
      return answer;
    };
  }
  const getExecution: GatewayClient['getExecution'] = async (input, options) => {
    if (behind > 0 && before) {
      behind -= 1;
      return before;
    }
    before = await client.getExecution(input, options);
    return before;
  };
  return { ...client, ...wrapped, getExecution } as GatewayClient;
}

describe('an asynchronous engine, its node still WAITING for a few reads after each answer', () => {
  it('answers each node once and completes', async () => {
    const fake = createFakeGateway({
      nodes: [
        'identityDocument',
        'particulars',
        'liveness',
        'emailOtp',
        'requiredDocuments',
        'requiredForms',
      ],
    });
    const flow = createKycFlow({
      client: lagging(fake.client, 3),
      customer: { email: 'jane@example.com', referenceId: 'ref-async' },
    });
    const asked: string[] = [];
    flow.on('nodeWaiting', (event: Extract<FlowEmitted, { type: 'nodeWaiting' }>) => {
      asked.push(event.node.callbackKey);
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(asked).toEqual([...new Set(asked)]);
    for (const method of [
      'workflow.kyc.ocr',
      'workflow.kyc.particular.data',
      'workflow.kyc.liveness.data',
      'workflow.kyc.otp.send',
      'workflow.kyc.otp.verify',
      'workflow.kyc.required.doc.submit',
      'workflow.kyc.required.form',
    ]) {
      expect({ method, calls: fake.calls[method] }).toEqual({ method, calls: 1 });
    }
    expect(Object.values(fake.effects).every((count) => count === 1)).toBe(true);
  });
});
