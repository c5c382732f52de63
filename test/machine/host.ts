import type { KycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowView, HostEvent } from '../../src/machine/types.js';
import { SAMPLE } from './answers.js';

export interface HostOptions {
  readonly otpCode?: string;
  /** Send RETRY as soon as the flow suspends (else it resumes by itself after its back-off). */
  readonly retry?: boolean;
  /** Answer differently in some states; return `undefined` to answer as usual. */
  readonly override?: (view: FlowView) => HostEvent[] | undefined;
}

/** What a host with all of the customer's data sends in each state that waits for it. */
export function answerFor(view: FlowView, options: HostOptions = {}): HostEvent[] {
  const custom = options.override?.(view);
  if (custom) return custom;
  const code = options.otpCode ?? '123456';
  switch (view.state) {
    case 'tracking.identityDocument.awaitingInput':
      return [SAMPLE.identityDocument];
    case 'tracking.identityDocument.ocrFailed':
      return [{ type: 'RETAKE' }];
    case 'tracking.particulars.awaitingInput':
      return [SAMPLE.particulars];
    case 'tracking.liveness.awaitingInput':
      return [SAMPLE.liveness];
    case 'tracking.emailOtp.awaitingIdentity':
    case 'tracking.phoneOtp.awaitingIdentity':
      return [
        {
          type: 'SEND_OTP',
          identity: view.step === 'phoneOtp' ? '+6591234567' : 'jane@example.com',
        },
      ];
    case 'tracking.emailOtp.codeSent':
    case 'tracking.emailOtp.wrongCode':
    case 'tracking.phoneOtp.codeSent':
    case 'tracking.phoneOtp.wrongCode':
      return [{ type: 'VERIFY_OTP', code }];
    case 'tracking.requiredDocuments.collecting': {
      const added = new Set(view.documents?.added ?? []);
      const adds = [SAMPLE.bill, SAMPLE.statement].filter(
        (add) => !added.has(add.document.docType),
      );
      return [...adds, { type: 'SUBMIT_DOCUMENTS' }];
    }
    case 'tracking.requiredForms.awaitingInput':
      return [SAMPLE.forms];
    case 'suspended':
      return options.retry ? [{ type: 'RETRY' }] : [];
    default:
      return [];
  }
}

/**
 * A host that answers from the view (not from emitted events), so that it also carries a
 * restored flow on, which emits nothing about the state it wakes up in.
 */
export function hostFor(flow: KycFlow, options: HostOptions = {}): () => void {
  let last: string | undefined;
  const react = (view: FlowView) => {
    // The same state path again (a watch re-entering) needs no second answer.
    const key = `${view.state}|${view.node?.callbackKey ?? ''}|${view.error?.code ?? ''}`;
    if (key === last) return;
    last = key;
    const events = answerFor(view, options);
    if (events.length === 0) return;
    queueMicrotask(() => {
      for (const event of events) flow.send(event);
    });
  };
  const off = flow.subscribe(react);
  react(flow.getView());
  return off;
}
