import type { BenchCustomer } from './customer.js';
import type { PlainGateway } from './plain-gateway.js';

/**
 * The loop of the vendor's guide, written the way its text reads: poll the status every
 * `intervalMs` (the guide says 2–5 s; 3 s here) until the execution ends; when a node is
 * WAITING, submit that node's data (as soon as the host has it: a UI submits when the user
 * is done, it does not wait for the next tick), and keep polling at the same interval. OCR
 * results are read every `intervalMs` too. Nothing adaptive: what an integrator writes
 * without kyc-flow.
 */
export interface NaivePollerOptions {
  readonly gateway: PlainGateway;
  readonly customer: BenchCustomer;
  /** The fixed poll interval, already divided by the sandbox's speed. */
  readonly intervalMs: number;
  /** Files the customer data names: a URL as it is, a local file uploaded first. */
  readonly file: (value: string, executionId: string) => Promise<FileInfo>;
  /** How long the host takes to have a node's data (wall-clock ms); none by default. */
  readonly think?: (nodeType: string) => number;
}

export interface FileInfo {
  readonly url: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size?: number;
}

export interface NaiveOutcome {
  readonly status: string;
  readonly decision?: string;
  readonly executionId: string;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED']);

/** Under a millisecond there is nothing to wait for (the throughput run's compressed time). */
export const sleep = (ms: number) =>
  ms >= 1 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export interface Node {
  readonly nodeType: string;
  readonly callbackKey: string;
  readonly config?: {
    readonly identity?: string;
    readonly formIds?: readonly string[];
    readonly requiredDocuments?: ReadonlyArray<{ docType: string; isRequired: boolean }>;
  };
}

export async function runNaiveFlow(options: NaivePollerOptions): Promise<NaiveOutcome> {
  const { gateway, intervalMs } = options;
  const { executionId, referenceId } = await registerAndStart(options);
  const answered = new Set<string>();
  let failure: { error: unknown } | undefined;

  for (;;) {
    if (failure) throw failure.error;
    const state = await gateway.call('workflow.execution.status', { executionId });
    const status = String(state.status);
    if (TERMINAL.has(status)) {
      const result = state.result as { decision?: string } | undefined;
      return { status, executionId, ...(result?.decision && { decision: result.decision }) };
    }
    const node = state.currentNode as Node | undefined;
    if (status === 'WAITING' && node && !answered.has(node.callbackKey)) {
      answered.add(node.callbackKey);
      const ref = { executionId, callbackKey: node.callbackKey, referenceId };
      sleep(options.think?.(node.nodeType) ?? 0)
        .then(() => submit(options, node, ref))
        .catch((error: unknown) => {
          failure = { error };
        });
    }
    await sleep(intervalMs);
  }
}

/** Steps 1 and 2 of the guide: register the customer, start the workflow. */
export async function registerAndStart(options: Pick<NaivePollerOptions, 'gateway' | 'customer'>) {
  const { gateway, customer } = options;
  const referenceId = `naive-${customer.customerId}`;
  await gateway.call('workflow.applicant.register', {
    customerId: customer.customerId,
    email: customer.email,
  });
  const started = await gateway.call('workflow.apply.submit', {
    eventType: 'KYC_EVENT',
    source: 'API',
    data: { customerId: customer.customerId, referenceId },
  });
  return { executionId: String(started.executionId), referenceId };
}

export const isTerminal = (status: string) => TERMINAL.has(status);

export interface NodeRef {
  readonly executionId: string;
  readonly callbackKey: string;
  readonly referenceId: string;
}

/** The guide's dispatch table: the calls that answer one node. */
export async function submit(options: NaivePollerOptions, node: Node, ref: NodeRef): Promise<void> {
  const { gateway, customer, intervalMs } = options;
  const file = (value: string) => options.file(value, ref.executionId);
  switch (node.nodeType) {
    case 'flow_action_identity_document': {
      const document = customer.identityDocument;
      const front = await file(document.front);
      const back = document.back === undefined ? undefined : await file(document.back);
      await gateway.call('workflow.kyc.ocr', {
        provider: document.provider ?? 'WIDTH',
        frontImage: front.url,
        ...(back && { backImage: back.url }),
        documentType: document.documentType,
        region: document.region,
        ...ref,
      });
      // "Poll for OCR results at workflow.kyc.ocr.data after 2–5 seconds."
      for (;;) {
        await sleep(intervalMs);
        const ocr = await gateway.call('workflow.kyc.ocr.data', {
          executionId: ref.executionId,
          callbackKey: ref.callbackKey,
        });
        if (ocr.status !== 'PROCESSING') break;
      }
      return;
    }
    case 'flow_action_individual_particular':
      await gateway.call('workflow.kyc.particular.data', {
        ...ref,
        personData: JSON.stringify(customer.person),
      });
      return;
    case 'flow_action_liveness_test': {
      const selfie = await file(customer.liveness.selfie);
      await gateway.call('workflow.kyc.liveness.data', {
        provider: customer.liveness.provider ?? 'SELF',
        status: customer.liveness.status,
        scores: JSON.stringify(customer.liveness.scores),
        images: JSON.stringify({ faceFull: selfie.url }),
        ...ref,
      });
      return;
    }
    case 'flow_action_validate_email':
    case 'flow_action_validate_phone': {
      const type = node.nodeType === 'flow_action_validate_email' ? 'email' : 'phone';
      const identity =
        node.config?.identity ?? (type === 'email' ? customer.email : customer.phone);
      const sent = await gateway.call('workflow.kyc.otp.send', { type, identity, ...ref });
      await gateway.call('workflow.kyc.otp.verify', {
        type,
        identity,
        code: customer.otpCode,
        requestId: String(sent.requestId),
        ...ref,
      });
      return;
    }
    case 'flow_action_individual_required_document': {
      for (const wanted of node.config?.requiredDocuments ?? []) {
        const document = customer.documents.find((entry) => entry.docType === wanted.docType);
        if (!document) continue;
        const front = await file(document.file);
        await gateway.call('workflow.kyc.required.doc', {
          doc: JSON.stringify({ front }),
          isRequired: wanted.isRequired,
          docType: document.docType,
          ...(document.extraData && { extraData: JSON.stringify(document.extraData) }),
          ...ref,
        });
      }
      await gateway.call('workflow.kyc.required.doc.submit', ref);
      return;
    }
    case 'flow_action_individual_required_forms': {
      for (const formId of node.config?.formIds ?? Object.keys(customer.forms)) {
        await gateway.call('workflow.kyc.required.form', {
          formId,
          formData: JSON.stringify(customer.forms[formId] ?? {}),
          ...ref,
        });
      }
      return;
    }
    default:
      // Manual review (or a node type the guide does not list): someone else acts.
      return;
  }
}
