import type { MethodInput, MethodName, MethodOutput } from '../../src/services/index.js';

/**
 * One valid request and one valid answer per gateway method: the seeds the property tests
 * mutate into hostile answers, and the inputs they send while doing so.
 */

const ref = {
  executionId: 'exec-fuzz-1',
  callbackKey: 'kyc:node:exec-fuzz-1:1',
  referenceId: 'ref-fuzz-1',
};
const ack = { executionId: ref.executionId, callbackKey: ref.callbackKey, accepted: true };

export const VALID_INPUTS: { readonly [M in MethodName]: MethodInput<M> } = {
  'workflow.applicant.register': { customerId: 'C_fuzz', email: 'fuzz@example.com' },
  'workflow.apply.submit': {
    eventType: 'KYC_EVENT',
    source: 'API',
    data: { customerId: 'C_fuzz', referenceId: ref.referenceId },
  },
  'workflow.execution.status': { executionId: ref.executionId },
  'workflow.kyc.ocr': {
    ...ref,
    provider: 'WIDTH',
    frontImage: 's3://workflow-kyc/exec-fuzz-1/front.jpg',
    documentType: 'INTERNATIONAL_PASSPORT',
    region: 'SG',
  },
  'workflow.kyc.ocr.data': { executionId: ref.executionId, callbackKey: ref.callbackKey },
  'workflow.kyc.particular.data': {
    ...ref,
    personData: { name: 'Fuzz Person', dateOfBirth: '1990-01-15', nationality: 'SG' },
  },
  'workflow.kyc.liveness.data': {
    ...ref,
    provider: 'SELF',
    status: 'PASS',
    scores: { qualityScore: 1 },
    images: { faceFull: 's3://workflow-kyc/exec-fuzz-1/selfie.jpg' },
  },
  'workflow.kyc.otp.send': { ...ref, type: 'email', identity: 'fuzz@example.com' },
  'workflow.kyc.otp.verify': {
    ...ref,
    type: 'email',
    identity: 'fuzz@example.com',
    code: '123456',
    requestId: 'req-1',
  },
  'workflow.kyc.required.doc': {
    ...ref,
    docType: 'UTILITY_TELEPHONE_BILL',
    isRequired: true,
    doc: { front: { url: 's3://workflow-kyc/exec-fuzz-1/bill.pdf' } },
  },
  'workflow.kyc.required.doc.submit': ref,
  'workflow.kyc.required.form': { ...ref, formId: 'IndividualForm', formData: { a: 1 } },
};

export const VALID_ANSWERS: { readonly [M in MethodName]: MethodOutput<M> } = {
  'workflow.applicant.register': { customerId: 'C_fuzz' },
  'workflow.apply.submit': { executionId: ref.executionId, status: 'CREATED' },
  'workflow.execution.status': {
    executionId: ref.executionId,
    status: 'WAITING',
    currentNode: {
      nodeId: 'n-1',
      nodeType: 'flow_action_individual_required_document',
      callbackKey: ref.callbackKey,
      config: {
        acceptedDocumentTypes: ['INTERNATIONAL_PASSPORT'],
        region: 'SG',
        requiredDocuments: [{ docType: 'UTILITY_TELEPHONE_BILL', isRequired: true }],
        formIds: ['IndividualForm'],
        identity: 'fuzz@example.com',
      },
    },
    result: { decision: 'APPROVED' },
    error: { code: 'E1', message: 'none' },
  },
  'workflow.kyc.ocr': { requestId: 'req-ocr-1' },
  'workflow.kyc.ocr.data': {
    status: 'SUCCESS',
    result: { documentType: 'INTERNATIONAL_PASSPORT', name: 'Fuzz Person', dateOfBirth: '1990' },
    reason: 'ok',
  },
  'workflow.kyc.particular.data': ack,
  'workflow.kyc.liveness.data': ack,
  'workflow.kyc.otp.send': { requestId: 'req-otp-1', cooldownSeconds: 30 },
  'workflow.kyc.otp.verify': { verified: true, remainingAttempts: 2 },
  'workflow.kyc.required.doc': ack,
  'workflow.kyc.required.doc.submit': ack,
  'workflow.kyc.required.form': ack,
};
