import { describe, expect, it } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/create-kyc-flow.js';
import { createGatewayClient } from '../../src/services/client.js';
import { NODE_TYPES } from '../../src/services/wire/vocabulary.js';
import {
  envelope,
  FAKE_CREDENTIALS,
  type FakeCall,
  fakeFetchGateway,
} from '../support/fake-fetch-gateway.js';
import { answerAll } from './answers.js';

/**
 * The guide shows no answer to `workflow.kyc.ocr`, and the flow needs none: it reads the OCR
 * by executionId and callbackKey. Whatever the gateway answers on success, the flow goes on
 * to read the result.
 */
const OCR = 'workflow.kyc.ocr';

function ocrGateway(ocrAnswer: unknown) {
  let read = false;
  return fakeFetchGateway(({ api }: FakeCall) => {
    if (api === 'workflow.applicant.register') return envelope({ customerId: 'C_1' });
    if (api === 'workflow.apply.submit') return envelope({ executionId: 'exec-1' });
    if (api === OCR) return envelope(ocrAnswer);
    if (api === 'workflow.kyc.ocr.data') {
      read = true;
      return envelope({ status: 'SUCCESS', result: { name: 'JANE DOE' } });
    }
    return envelope(
      read
        ? { executionId: 'exec-1', status: 'COMPLETED', result: { decision: 'APPROVED' } }
        : {
            executionId: 'exec-1',
            status: 'WAITING',
            currentNode: {
              nodeId: 'n1',
              nodeType: NODE_TYPES.identityDocument,
              callbackKey: 'kyc:ocr:exec-1:n1',
            },
          },
    );
  });
}

/** How the flow ended, or the trouble it stopped on (it would wait there for RETRY). */
const ended = (flow: KycFlow) =>
  Promise.race([
    flow.whenDone(),
    new Promise((resolve) => flow.on('needsAttention', ({ error }) => resolve(error))),
  ]);

describe('an identity document the gateway takes with an answer that names no requestId', () => {
  it.each([
    ['no data', null],
    ['an acknowledgement', { accepted: true }],
    ['a null requestId', { requestId: null }],
    ['a requestId of another shape', { requestId: { id: 'r-1' } }],
  ])('(%s) has its OCR read and the flow carries on, the document sent once', async (_, answer) => {
    const gateway = ocrGateway(answer);
    const flow = createKycFlow({
      client: createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch }),
      customer: { customerId: 'C_1', email: 'jane@example.com', referenceId: 'ref-1' },
      polling: { timeScale: 1000 },
    });
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(ended(flow)).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(gateway.of(OCR)).toHaveLength(1);
  });
});
