import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_CODES, WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import { bodies, type Harness, harness, refOf } from './harness.js';

describe('waiting nodes', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  it('identity document: config, OCR PROCESSING until it is done, then SUCCESS with extracted fields', async () => {
    h = await harness();
    const executionId = await h.begin('C_ocr');
    const state = await h.settle(executionId);
    expect(state).toMatchObject({
      status: 'WAITING',
      currentNode: {
        nodeType: 'flow_action_identity_document',
        callbackKey: `kyc:ocr:${executionId}:1`,
        config: {
          acceptedDocumentTypes: expect.arrayContaining(['INTERNATIONAL_PASSPORT']),
          region: 'SG',
        },
      },
    });
    const ref = refOf(state);
    const refused = await h.client.call('workflow.kyc.ocr', bodies.ocr(ref, 'BANK_STATEMENT'));
    expect(refused.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(refused.apiMsg).toContain('documentType');

    const accepted = await h.client.data<{ requestId: string }>(
      'workflow.kyc.ocr',
      bodies.ocr(ref),
    );
    expect(accepted.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const ocrData = { executionId, callbackKey: ref.callbackKey };
    expect(await h.client.data('workflow.kyc.ocr.data', ocrData)).toEqual({ status: 'PROCESSING' });
    // While OCR runs the execution is busy on that node, not waiting for more input.
    expect(await h.status(executionId)).toMatchObject({
      status: 'RUNNING',
      currentNode: { callbackKey: ref.callbackKey },
    });
    h.clock.tick(4_999);
    expect(await h.client.data('workflow.kyc.ocr.data', ocrData)).toEqual({ status: 'PROCESSING' });
    h.clock.tick(10_001);
    expect(await h.client.data('workflow.kyc.ocr.data', ocrData)).toMatchObject({
      status: 'SUCCESS',
      result: { documentType: 'INTERNATIONAL_PASSPORT', name: 'JOHN SMITH', nationality: 'SG' },
    });
    const unknown = await h.client.call('workflow.kyc.ocr.data', {
      executionId,
      callbackKey: 'kyc:ocr:other:1',
    });
    expect(unknown.apiCode).toBe(WORKFLOW_CODES.NODE_NOT_WAITING);
  });

  it('ocr-failure: the first OCR answers FAILED and the node is re-armed under a new callbackKey', async () => {
    h = await harness({ scenario: 'ocr-failure' });
    const executionId = await h.begin('C_retake');
    const first = refOf(await h.settle(executionId));
    await h.client.data('workflow.kyc.ocr', bodies.ocr(first));
    h.clock.tick();
    const failed = await h.client.data('workflow.kyc.ocr.data', {
      executionId,
      callbackKey: first.callbackKey,
    });
    expect(failed).toMatchObject({ status: 'FAILED', reason: expect.any(String) });
    const rearmed = await h.status(executionId);
    expect(rearmed.currentNode?.nodeType).toBe('flow_action_identity_document');
    expect(rearmed.currentNode?.callbackKey).not.toBe(first.callbackKey);
    // The failed key answers its old OCR, but takes no new submission.
    expect(
      (await h.client.call('workflow.kyc.ocr', bodies.ocr(first, 'NATIONAL_ID'))).apiCode,
    ).toBe(200);
    const second = refOf(rearmed);
    await h.client.data('workflow.kyc.ocr', bodies.ocr(second, 'NATIONAL_ID'));
    h.clock.tick();
    expect(
      await h.client.data('workflow.kyc.ocr.data', {
        executionId,
        callbackKey: second.callbackKey,
      }),
    ).toMatchObject({
      status: 'SUCCESS',
      result: { documentType: 'NATIONAL_ID' },
    });
    expect((await h.status(executionId)).currentNode?.nodeType).toBe(
      'flow_action_individual_particular',
    );
  });

  it('required documents: one call per document; submit refused while a required one is missing', async () => {
    h = await harness({
      scenario: { name: 'docs', steps: ['requiredDocuments'], outcome: 'APPROVED' },
    });
    const executionId = await h.begin('C_docs');
    const state = await h.settle(executionId);
    expect(state.currentNode?.config).toEqual({
      requiredDocuments: [
        { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true },
        { docType: 'BANK_STATEMENT', isRequired: false },
      ],
    });
    const ref = refOf(state);
    const early = await h.client.call('workflow.kyc.required.doc.submit', ref);
    expect(early).toMatchObject({ apiCode: WORKFLOW_CODES.REQUIRED_DOCUMENTS_MISSING, data: null });
    expect(early.apiMsg).toContain('UTILITY_TELEPHONE_BILL');

    const optional = await h.client.data(
      'workflow.kyc.required.doc',
      bodies.doc(ref, 'BANK_STATEMENT', false),
    );
    expect(optional).toMatchObject({ accepted: true, missing: ['UTILITY_TELEPHONE_BILL'] });
    expect((await h.client.call('workflow.kyc.required.doc.submit', ref)).apiCode).toBe(
      WORKFLOW_CODES.REQUIRED_DOCUMENTS_MISSING,
    );
    const notAsked = await h.client.call(
      'workflow.kyc.required.doc',
      bodies.doc(ref, 'SELF_IMAGE'),
    );
    expect(notAsked.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(notAsked.apiMsg).toContain('docType');

    expect(await h.client.data('workflow.kyc.required.doc', bodies.doc(ref))).toMatchObject({
      missing: [],
    });
    expect((await h.status(executionId)).status).toBe('WAITING'); // documents alone do not advance
    expect(await h.client.data('workflow.kyc.required.doc.submit', ref)).toMatchObject({
      accepted: true,
    });
    expect(await h.settle(executionId)).toMatchObject({
      status: 'COMPLETED',
      result: { decision: 'APPROVED' },
    });
  });

  it('required forms: the node completes when every formId of its config is in', async () => {
    h = await harness({
      scenario: {
        name: 'forms',
        steps: [{ node: 'requiredForms', config: { formIds: ['IndividualForm', 'TaxForm'] } }],
        outcome: 'APPROVED',
      },
    });
    const executionId = await h.begin('C_forms');
    const state = await h.settle(executionId);
    expect(state.currentNode?.config).toEqual({ formIds: ['IndividualForm', 'TaxForm'] });
    const ref = refOf(state);
    const unknown = await h.client.call(
      'workflow.kyc.required.form',
      bodies.form(ref, 'OtherForm'),
    );
    expect(unknown.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(await h.client.data('workflow.kyc.required.form', bodies.form(ref))).toMatchObject({
      remainingForms: ['TaxForm'],
    });
    expect((await h.settle(executionId)).status).toBe('WAITING');
    await h.client.data('workflow.kyc.required.form', bodies.form(ref, 'TaxForm'));
    expect((await h.settle(executionId)).status).toBe('COMPLETED');
  });

  it('screening shows as RUNNING on flow_action_screen_check, then the outcome', async () => {
    h = await harness({
      scenario: { name: 'screen', steps: ['particulars', 'screenCheck'], outcome: 'APPROVED' },
    });
    const executionId = await h.begin('C_screen');
    await h.client.data(
      'workflow.kyc.particular.data',
      bodies.particulars(refOf(await h.settle(executionId))),
    );
    h.clock.tick(1_500); // past the longest RUNNING gap, inside the shortest screening
    const screening = await h.status(executionId);
    expect(screening).toMatchObject({
      status: 'RUNNING',
      currentNode: { nodeType: 'flow_action_screen_check' },
    });
    expect(screening.currentNode?.callbackKey).toMatch(/^kyc:screen:/);
    expect(await h.settle(executionId)).toMatchObject({
      status: 'COMPLETED',
      result: { decision: 'APPROVED' },
    });
  });

  it('a liveness FAIL turns the approval into a rejection', async () => {
    h = await harness({ scenario: 'minimal' });
    const executionId = await h.begin('C_live');
    await h.client.data(
      'workflow.kyc.particular.data',
      bodies.particulars(refOf(await h.settle(executionId))),
    );
    await h.client.data(
      'workflow.kyc.liveness.data',
      bodies.liveness(refOf(await h.settle(executionId)), 'FAIL'),
    );
    expect(await h.settle(executionId)).toMatchObject({
      status: 'COMPLETED',
      result: { decision: 'REJECTED', reason: 'liveness' },
    });
  });
});
