import type { KycFlow } from '../../src/machine/index.js';
import type { FlowView, HostEvent } from '../../src/machine/types.js';
import type { DocumentType } from '../../src/services/index.js';

/**
 * A host that answers from the view alone, as a UI would after a reload: whatever state the
 * flow is in (fresh or restored), it sends what `view.expects` asks for, once per view.
 */

export const SAMPLE_DOCUMENTS: Record<string, Extract<HostEvent, { type: 'ADD_DOCUMENT' }>> = {
  UTILITY_TELEPHONE_BILL: {
    type: 'ADD_DOCUMENT',
    document: {
      docType: 'UTILITY_TELEPHONE_BILL',
      files: { front: { url: 's3://workflow-kyc/host/bill.pdf', filename: 'bill.pdf' } },
      extraData: { issueDate: '2026-03-01' },
    },
  },
  BANK_STATEMENT: {
    type: 'ADD_DOCUMENT',
    document: {
      docType: 'BANK_STATEMENT',
      files: { front: { url: 's3://workflow-kyc/host/statement.pdf' } },
    },
  },
};

export const SAMPLE_EVENTS = {
  identityDocument: {
    type: 'SUBMIT_IDENTITY_DOCUMENT',
    document: {
      documentType: 'INTERNATIONAL_PASSPORT',
      region: 'SG',
      frontImage: 's3://workflow-kyc/host/front.jpg',
      backImage: 's3://workflow-kyc/host/back.jpg',
    },
  },
  particulars: {
    type: 'SUBMIT_PARTICULARS',
    personData: { name: 'Host Person', dateOfBirth: '1990-01-15', nationality: 'SG' },
  },
  liveness: {
    type: 'SUBMIT_LIVENESS',
    liveness: {
      status: 'PASS',
      scores: { qualityScore: 1 },
      images: { faceFull: 's3://workflow-kyc/host/selfie.jpg' },
    },
  },
  forms: {
    type: 'SUBMIT_FORMS',
    forms: [{ formId: 'IndividualForm', formData: { field_source_of_funds: 'EMPLOYMENT' } }],
  },
} as const satisfies Record<string, HostEvent>;

/** One of every host event, for graph traversal and random sequences. */
export const HOST_SAMPLES: readonly HostEvent[] = [
  { type: 'START' },
  SAMPLE_EVENTS.identityDocument,
  { type: 'RETAKE' },
  SAMPLE_EVENTS.particulars,
  SAMPLE_EVENTS.liveness,
  { type: 'SEND_OTP' },
  { type: 'RESEND_OTP' },
  { type: 'VERIFY_OTP', code: '123456' },
  SAMPLE_DOCUMENTS.UTILITY_TELEPHONE_BILL as HostEvent,
  SAMPLE_DOCUMENTS.BANK_STATEMENT as HostEvent,
  { type: 'SUBMIT_DOCUMENTS' },
  SAMPLE_EVENTS.forms,
  { type: 'RETRY' },
  { type: 'CANCEL' },
];

export interface HostOptions {
  readonly otpCode?: string;
  /** Send RETRY when the flow is suspended or needs attention ("try again"); default true. */
  readonly retry?: boolean;
  /** Enter this many wrong codes on each OTP node before the right one. */
  readonly wrongCodesFirst?: number;
  /** Answer one state of one node at most this often, then leave it be (a user who gives up). */
  readonly maxAnswers?: number;
  /** Told once the host gives up on a state. */
  readonly onGiveUp?: (view: FlowView) => void;
}

/** Wrong codes differ from one another: a repeated code is an idempotent repeat, not an attempt. */
const wrongCode = (n: number) => `00000${n}`.slice(-6);
const isWrongCode = (code: string) => code.startsWith('0000');

/** What a host sends for a view; empty when the flow works by itself. */
export function answerFor(
  view: FlowView,
  options: HostOptions = {},
  wrongCodesSent = 0,
): HostEvent[] {
  const code =
    wrongCodesSent < (options.wrongCodesFirst ?? 0)
      ? wrongCode(wrongCodesSent)
      : (options.otpCode ?? '123456');
  const [, step, sub] = view.state.split('.');
  // A host's "try again" button; after needsAttention, once the cause is fixed.
  if (view.state === 'suspended' || view.state === 'needsAttention') {
    return options.retry === false ? [] : [{ type: 'RETRY' }];
  }
  if (view.state === 'idle') return [{ type: 'START' }];
  switch (`${step}.${sub}`) {
    case 'identityDocument.awaitingInput':
      return [SAMPLE_EVENTS.identityDocument];
    case 'identityDocument.ocrFailed':
      return [{ type: 'RETAKE' }];
    case 'particulars.awaitingInput':
      return [SAMPLE_EVENTS.particulars];
    case 'liveness.awaitingInput':
      return [SAMPLE_EVENTS.liveness];
    case 'emailOtp.awaitingIdentity':
    case 'phoneOtp.awaitingIdentity':
      return [{ type: 'SEND_OTP' }];
    case 'emailOtp.locked':
    case 'phoneOtp.locked':
      // Out of attempts: a new code once the cooldown allows (the view expects RESEND_OTP then).
      return view.expects.includes('RESEND_OTP') ? [{ type: 'RESEND_OTP' }] : [];
    case 'emailOtp.codeSent':
    case 'phoneOtp.codeSent':
    case 'emailOtp.wrongCode':
    case 'phoneOtp.wrongCode':
      return [{ type: 'VERIFY_OTP', code }];
    case 'requiredDocuments.collecting': {
      const wanted = (view.node?.config?.requiredDocuments ?? []).map((doc) => doc.docType);
      const done = new Set<DocumentType>([
        ...(view.documents?.added ?? []),
        ...(view.documents?.pending ?? []),
      ]);
      const adds = wanted
        .filter((docType) => !done.has(docType))
        .flatMap((docType) => (SAMPLE_DOCUMENTS[docType] ? [SAMPLE_DOCUMENTS[docType]] : []));
      return [...adds, { type: 'SUBMIT_DOCUMENTS' }];
    }
    case 'requiredForms.awaitingInput':
      return [SAMPLE_EVENTS.forms];
    default:
      return [];
  }
}

/**
 * Answers the flow from its view, a tick after each change (outside the flow's own
 * transition). Returns a function that stops answering.
 */
export function hostFromView(flow: KycFlow, options: HostOptions = {}): () => void {
  let handled: FlowView | undefined;
  let scheduled = false;
  let stopped = false;
  const wrongCodes = new Map<string, number>();
  const answers = new Map<string, number>();
  const act = () => {
    scheduled = false;
    if (stopped) return;
    const view = flow.getView();
    if (view === handled || view.done) return;
    handled = view;
    const key = view.node?.callbackKey ?? '';
    const events = answerFor(view, options, wrongCodes.get(key) ?? 0);
    if (events.length === 0) return;
    const place = `${view.state}|${key}`;
    const answered = (answers.get(place) ?? 0) + 1;
    answers.set(place, answered);
    if (answered > (options.maxAnswers ?? Number.POSITIVE_INFINITY)) {
      options.onGiveUp?.(view);
      return;
    }
    for (const event of events) {
      if (event.type === 'VERIFY_OTP' && isWrongCode(event.code)) {
        wrongCodes.set(key, (wrongCodes.get(key) ?? 0) + 1);
      }
      flow.send(event);
    }
  };
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    setTimeout(act, 0);
  };
  const unsubscribe = flow.subscribe(schedule);
  // Also on emitted events: an error that changes nothing visible still asks for an answer.
  const off = flow.on('*', (event) => {
    if (event.type === 'error' || event.type === 'otpRejected') handled = undefined;
    schedule();
  });
  schedule();
  return () => {
    stopped = true;
    unsubscribe();
    off();
  };
}
