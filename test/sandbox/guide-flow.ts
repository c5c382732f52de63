/**
 * The `full` onboarding driven the way the vendor's guide shows it, with the raw client:
 * poll the status, dispatch on `currentNode.nodeType`, submit the guide's example bodies.
 */
import type { RawClient } from './raw-client.js';

export interface CurrentNodeWire {
  nodeId: string;
  nodeType: string;
  callbackKey: string;
  config?: Record<string, unknown>;
}
export interface ExecutionWire {
  executionId: string;
  status: string;
  currentNode?: CurrentNodeWire;
  result?: { decision?: string };
  error?: { code?: string; message?: string };
}

/** What a poll loop does between two reads: sleep, or move a manual clock on. */
export type Wait = () => Promise<void>;
export const pause =
  (ms = 10): Wait =>
  () =>
    new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `workflow.execution.status` until the execution waits or ends. */
export async function pollUntilSettled(
  client: RawClient,
  executionId: string,
  wait: Wait = pause(),
  deadlineMs = 20_000,
): Promise<ExecutionWire> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const state = await client.data<ExecutionWire>('workflow.execution.status', { executionId });
    if (state.status !== 'RUNNING' && state.status !== 'CREATED') return state;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${state.status}`);
    await wait();
  }
}

/** The node types the guide tells a client how to answer. */
export const GUIDE_NODE_TYPES = [
  'flow_action_identity_document',
  'flow_action_individual_particular',
  'flow_action_liveness_test',
  'flow_action_validate_email',
  'flow_action_validate_phone',
  'flow_action_individual_required_document',
  'flow_action_individual_required_forms',
];

export interface GuideCustomer {
  readonly customerId: string;
  readonly email: string;
  readonly referenceId: string;
}

export const GUIDE_CUSTOMER: GuideCustomer = {
  customerId: 'C_abc123',
  email: 'john@example.com',
  referenceId: 'onboarding-uuid-001',
};

/** Answers one waiting node with the guide's example body; returns when the node is done. */
export async function answerNode(
  client: RawClient,
  execution: ExecutionWire,
  customer: GuideCustomer,
  wait: Wait = pause(),
): Promise<void> {
  const node = execution.currentNode;
  if (!node) throw new Error('no current node');
  const ref = {
    executionId: execution.executionId,
    callbackKey: node.callbackKey,
    referenceId: customer.referenceId,
  };
  switch (node.nodeType) {
    case 'flow_action_identity_document': {
      await client.data('workflow.kyc.ocr', {
        provider: 'WIDTH',
        frontImage: `s3://workflow-kyc/${execution.executionId}/front.jpg`,
        backImage: `s3://workflow-kyc/${execution.executionId}/back.jpg`,
        documentType: 'INTERNATIONAL_PASSPORT',
        region: 'SG',
        ...ref,
      });
      for (;;) {
        const ocr = await client.data<{ status: string }>('workflow.kyc.ocr.data', {
          executionId: ref.executionId,
          callbackKey: ref.callbackKey,
        });
        if (ocr.status !== 'PROCESSING') return;
        await wait();
      }
    }
    case 'flow_action_individual_particular':
      await client.data('workflow.kyc.particular.data', {
        ...ref,
        personData:
          '{"name":"John Smith","dateOfBirth":"1990-01-15","nationality":"SG","sex":"MALE","countryOfResidence":"SG","address":"123 Main St"}',
      });
      return;
    case 'flow_action_liveness_test':
      await client.data('workflow.kyc.liveness.data', {
        provider: 'SELF',
        status: 'PASS',
        scores: '{"qualityScore":1.0,"brightnessScore":100,"brightnessStatus":"normal"}',
        images: `{"faceFull":"s3://workflow-kyc/${execution.executionId}/selfie.jpg"}`,
        ...ref,
      });
      return;
    case 'flow_action_validate_email':
    case 'flow_action_validate_phone': {
      const type = node.nodeType === 'flow_action_validate_email' ? 'email' : 'phone';
      const identity = type === 'email' ? customer.email : '+6591234567';
      const sent = await client.data<{ requestId: string }>('workflow.kyc.otp.send', {
        type,
        identity,
        ...ref,
      });
      const verified = await client.data<{ verified: boolean }>('workflow.kyc.otp.verify', {
        type,
        identity,
        code: '123456',
        requestId: sent.requestId,
        ...ref,
      });
      if (!verified.verified) throw new Error('OTP not verified');
      return;
    }
    case 'flow_action_individual_required_document':
      await client.data('workflow.kyc.required.doc', {
        doc: `{"front":{"url":"s3://workflow-kyc/${execution.executionId}/bill.pdf","filename":"bill.pdf","content_type":"application/pdf","size":85618}}`,
        isRequired: true,
        docType: 'UTILITY_TELEPHONE_BILL',
        extraData: '{"issueDate":"2026-03-01"}',
        ...ref,
      });
      await client.data('workflow.kyc.required.doc.submit', ref);
      return;
    case 'flow_action_individual_required_forms':
      await client.data('workflow.kyc.required.form', {
        formId: 'IndividualForm',
        formData: '{"field_source_of_funds":"EMPLOYMENT","field_annual_income":"50000-100000"}',
        ...ref,
      });
      return;
    default:
      throw new Error(`the guide has no submission for ${node.nodeType}`);
  }
}

/**
 * Answers every node the guide covers until the execution ends or waits on a node the
 * guide has no submission for (manual review); the final state and the node types met.
 */
export async function driveExecution(
  client: RawClient,
  executionId: string,
  customer: GuideCustomer = GUIDE_CUSTOMER,
  wait: Wait = pause(),
): Promise<{ final: ExecutionWire; visited: string[] }> {
  const visited: string[] = [];
  for (;;) {
    const state = await pollUntilSettled(client, executionId, wait);
    const nodeType = state.currentNode?.nodeType;
    if (state.status !== 'WAITING' || !nodeType || !GUIDE_NODE_TYPES.includes(nodeType)) {
      return { final: state, visited };
    }
    visited.push(nodeType);
    await answerNode(client, state, customer, wait);
  }
}

/** Register, start. */
export async function startGuideFlow(
  client: RawClient,
  customer: GuideCustomer = GUIDE_CUSTOMER,
): Promise<string> {
  await client.data('workflow.applicant.register', {
    customerId: customer.customerId,
    email: customer.email,
  });
  const { executionId } = await client.data<{ executionId: string }>('workflow.apply.submit', {
    eventType: 'KYC_EVENT',
    source: 'API',
    data: { customerId: customer.customerId, referenceId: customer.referenceId },
  });
  return executionId;
}

/** Register → start → answer every node → the final state, and the node types met. */
export async function driveGuideFlow(
  client: RawClient,
  customer: GuideCustomer = GUIDE_CUSTOMER,
  wait: Wait = pause(),
): Promise<{ final: ExecutionWire; visited: string[]; executionId: string }> {
  const executionId = await startGuideFlow(client, customer);
  return { ...(await driveExecution(client, executionId, customer, wait)), executionId };
}
