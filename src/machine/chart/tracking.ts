import { stateConfig } from '../setup.js';
import { requiredDocumentsNode } from './document-states.js';
import { inputNode } from './input-states.js';
import { ocrStates } from './ocr-states.js';
import { otpNode } from './otp-states.js';
import { pollingState } from './poll-states.js';

/** A node nobody here answers: watched at the review pace until it moves on, told once. */
const othersTurn = (step: 'pendingReview' | 'unknownNode') => ({
  ...pollingState('review', step),
  meta: { step },
});

/**
 * The execution under way: poll its status, and answer each node that waits, in the child
 * state of its kind. Every status answer routes from here (see `pollingState`).
 */
export const tracking = stateConfig({
  initial: 'polling',
  states: {
    polling: { ...pollingState('running'), meta: { step: 'polling' } },
    screenCheck: { ...pollingState('screening', 'screenCheck'), meta: { step: 'screenCheck' } },
    pendingReview: othersTurn('pendingReview'),
    // A node type the client does not know: nobody here can answer it, and it is not
    // review either.
    unknownNode: othersTurn('unknownNode'),
    identityDocument: inputNode('identityDocument', ocrStates),
    particulars: inputNode('particulars'),
    liveness: inputNode('liveness'),
    emailOtp: otpNode('email'),
    phoneOtp: otpNode('phone'),
    requiredDocuments: requiredDocumentsNode,
    requiredForms: inputNode('requiredForms'),
  },
});
