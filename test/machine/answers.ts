import type { KycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowEmitted, HostEvent } from '../../src/machine/types.js';

/** Sample host input for every node, as a headless host would send it. */
export const SAMPLE = {
  identityDocument: {
    type: 'SUBMIT_IDENTITY_DOCUMENT',
    document: {
      documentType: 'INTERNATIONAL_PASSPORT',
      region: 'SG',
      frontImage: 's3://workflow-kyc/test/front.jpg',
    },
  },
  particulars: {
    type: 'SUBMIT_PARTICULARS',
    personData: { name: 'Jane Doe', dateOfBirth: '1990-01-15', nationality: 'SG' },
  },
  liveness: {
    type: 'SUBMIT_LIVENESS',
    liveness: {
      status: 'PASS',
      scores: { qualityScore: 1 },
      images: { faceFull: 's3://workflow-kyc/test/selfie.jpg' },
    },
  },
  bill: {
    type: 'ADD_DOCUMENT',
    document: {
      docType: 'UTILITY_TELEPHONE_BILL',
      files: { front: { url: 's3://workflow-kyc/test/bill.pdf', filename: 'bill.pdf' } },
    },
  },
  statement: {
    type: 'ADD_DOCUMENT',
    document: {
      docType: 'BANK_STATEMENT',
      files: { front: { url: 's3://workflow-kyc/test/statement.pdf' } },
    },
  },
  forms: {
    type: 'SUBMIT_FORMS',
    forms: [{ formId: 'IndividualForm', formData: { field_source_of_funds: 'EMPLOYMENT' } }],
  },
} as const satisfies Record<string, HostEvent>;

export interface AnswerOptions {
  readonly otpCode?: string;
  /** Return events to send instead of the default answer; `undefined` keeps the default. */
  readonly override?: (event: FlowEmitted, flow: KycFlow) => HostEvent[] | undefined;
}

/**
 * Answers every node the way a straightforward host would, reacting to emitted events only
 * (a tick later, outside the flow's own transition).
 */
export function answerAll(flow: KycFlow, options: AnswerOptions = {}): () => void {
  const code = options.otpCode ?? '123456';
  const reply = (event: FlowEmitted): HostEvent[] => {
    const custom = options.override?.(event, flow);
    if (custom) return custom;
    switch (event.type) {
      case 'nodeWaiting':
        switch (event.step) {
          case 'identityDocument':
            return [SAMPLE.identityDocument];
          case 'particulars':
            return [SAMPLE.particulars];
          case 'liveness':
            return [SAMPLE.liveness];
          case 'emailOtp':
          case 'phoneOtp':
            return [{ type: 'SEND_OTP' }];
          case 'requiredDocuments':
            return [SAMPLE.bill, SAMPLE.statement, { type: 'SUBMIT_DOCUMENTS' }];
          case 'requiredForms':
            return [SAMPLE.forms];
          default:
            return [];
        }
      case 'otpSent':
        return [{ type: 'VERIFY_OTP', code }];
      case 'ocrFailed':
        return [{ type: 'RETAKE' }];
      default:
        return [];
    }
  };
  return flow.on('*', (event) => {
    const events = reply(event);
    if (events.length > 0)
      queueMicrotask(() => {
        for (const next of events) flow.send(next);
      });
  });
}

/** Collects emitted events in order. */
export function record(flow: KycFlow): FlowEmitted[] {
  const seen: FlowEmitted[] = [];
  flow.on('*', (event) => seen.push(event));
  return seen;
}
