import { assertEvent } from 'xstate';
import type { OtpChannel } from '../services/wire/vocabulary.js';
import {
  type FlowContext,
  heldAnswer,
  initialContext,
  missingDocuments,
  nodeRef,
} from './context.js';
import {
  errorIs,
  movedOnRoutes,
  submitErrorRoutes,
  toFailed,
  troubleRoutes,
} from './error-routes.js';
import { FLOW_CODES } from './flow-error.js';
import { pollingState } from './poll-states.js';
import { nextPollDelay, nextRetryDelay } from './polling.js';
import type { AnswerableKind } from './routing.js';
import { flowSetup } from './setup.js';

/** A node state the host answers: it waits for the host while watching the execution. */
const awaiting = (kind: AnswerableKind, state: string) =>
  pollingState({
    id: 'watchExecution',
    phase: 'awaitingHost',
    stay: { route: kind, target: `#kyc.tracking.${kind}.${state}` },
  });

/** Refuses the host's event with a flow code (no gateway call), staying put. */
const refuse = (code: string, message: string) => ({
  actions: { type: 'reject' as const, params: { code, message } },
});

/** Register and start: trouble suspends (to try the same step again), anything else fails. */
const startupErrors = (resumeTo: FlowContext['resumeTo']) => [...troubleRoutes(resumeTo), toFailed];

/** Where `suspended` and `needsAttention` go back to, by itself or on RETRY. */
const resume = [
  {
    guard: { type: 'resumeTo' as const, params: { to: 'registering' as const } },
    target: 'registering',
  },
  { guard: { type: 'resumeTo' as const, params: { to: 'starting' as const } }, target: 'starting' },
  { target: 'tracking' },
];

const documentsMissing = {
  type: 'reject' as const,
  params: ({ context }: { context: FlowContext }) => ({
    code: FLOW_CODES.DOCUMENTS_MISSING,
    message: `required documents missing: ${missingDocuments(context).join(', ')}`,
  }),
};

const otpStates = (channel: OtpChannel) => {
  const kind = channel === 'email' ? 'emailOtp' : 'phoneOtp';
  const cooldown = refuse(FLOW_CODES.OTP_RESEND_COOLDOWN, 'resend after `otp.resendAvailableAt`');
  const sendTo = [{ type: 'otpSending' as const, params: { channel } }, 'holdSubmission' as const];
  const resend = [
    { guard: 'resendAvailable' as const, target: 'sending', actions: 'holdSubmission' as const },
    cooldown,
  ];
  // SEND_OTP once a code is out: send again when allowed (to the identity the event names,
  // e.g. a corrected phone number), else remind the host of the code.
  const sendAgain = [
    { guard: 'resendAvailable' as const, target: 'sending', actions: sendTo },
    { actions: 'remindOtpSent' as const },
  ];
  const awaitingCode = (state: 'codeSent' | 'wrongCode') =>
    flowSetup.createStateConfig({
      ...awaiting(kind, state),
      on: { VERIFY_OTP: 'verifying', RESEND_OTP: resend, SEND_OTP: sendAgain },
    });
  return flowSetup.createStateConfig({
    initial: 'awaitingIdentity',
    states: {
      awaitingIdentity: {
        ...awaiting(kind, 'awaitingIdentity'),
        on: {
          SEND_OTP: [
            {
              guard: { type: 'hasOtpIdentity', params: { channel } },
              target: 'sending',
              actions: sendTo,
            },
            refuse(
              FLOW_CODES.OTP_IDENTITY_MISSING,
              `no ${channel} to send the code to: pass SEND_OTP { identity }`,
            ),
          ],
        },
      },
      sending: {
        invoke: {
          id: 'sendOtp',
          src: 'sendOtp',
          input: ({ context }) => ({
            ...nodeRef(context),
            channel,
            identity: context.otp?.identity ?? '',
          }),
          onDone: { target: 'codeSent', actions: { type: 'otpSent', params: { channel } } },
          onError: [
            ...movedOnRoutes,
            { guard: 'otpRequested', target: 'codeSent', actions: 'reject' },
            { target: 'awaitingIdentity', actions: 'reject' },
          ],
        },
      },
      codeSent: awaitingCode('codeSent'),
      verifying: {
        invoke: {
          id: 'verifyOtp',
          src: 'verifyOtp',
          // The code lives only in this input; `persist()` strips it.
          input: ({ context, event }) => {
            assertEvent(event, 'VERIFY_OTP');
            return {
              ...nodeRef(context),
              channel,
              identity: context.otp?.identity ?? '',
              requestId: context.otp?.requestId ?? '',
              code: event.code,
            };
          },
          onDone: [
            { guard: 'verified', target: 'verified', actions: ['otpChecked', 'markAnswered'] },
            // The last attempt is spent: no use verifying again until a new code is out.
            { guard: 'outOfAttempts', target: 'locked', actions: ['otpChecked', 'lockOtp'] },
            { target: 'wrongCode', actions: 'otpChecked' },
          ],
          onError: [
            { guard: errorIs('codeMissing'), target: 'codeSent', actions: 'reject' },
            { guard: errorIs('otpLocked'), target: 'locked', actions: 'lockOtp' },
            ...submitErrorRoutes('codeSent'),
          ],
        },
      },
      wrongCode: awaitingCode('wrongCode'),
      // Too many wrong codes: this code is spent. A resend (after the cooldown) starts afresh;
      // the view expects nothing until the cooldown is over, then RESEND_OTP.
      locked: {
        on: {
          RESEND_OTP: resend,
          SEND_OTP: [{ ...resend[0], actions: sendTo }, cooldown],
          VERIFY_OTP: { actions: 'lockOtp' },
        },
        initial: 'coolingDown',
        states: {
          coolingDown: {
            invoke: [
              awaiting(kind, 'locked.coolingDown').invoke,
              {
                id: 'wait',
                src: 'wait',
                input: ({ context }) => ({ until: context.otp?.resendAvailableAt ?? 0 }),
                onDone: 'resendAllowed',
              },
            ],
          },
          resendAllowed: awaiting(kind, 'locked.resendAllowed'),
        },
      },
      verified: pollingState({ id: 'pollExecution', phase: 'running' }),
    },
  });
};

/**
 * The onboarding lifecycle as one chart: register → start → track the execution (poll,
 * answer each waiting node) → a final state. Actors are referenced by name; provide real
 * ones with `kycFlowMachine.provide({ actors: createFlowActors(client) })`.
 */
export const kycFlowMachine = flowSetup.createMachine({
  id: 'kyc',
  context: ({ input }) => initialContext(input),
  initial: 'idle',
  output: ({ context }) => context.outcome ?? { status: 'failed' },
  on: {
    CANCEL: { target: '.cancelled', actions: { type: 'settle', params: { status: 'cancelled' } } },
    // Only what no deeper state handles reaches here: report it, never throw.
    '*': { actions: 'reportIgnored' },
  },
  states: {
    idle: {
      on: { START: 'registering' },
    },
    registering: {
      invoke: {
        id: 'registerCustomer',
        src: 'registerCustomer',
        input: ({ context }) => ({
          ...(context.customer.customerId === undefined
            ? {}
            : { customerId: context.customer.customerId }),
          ...(context.customer.email === undefined ? {} : { email: context.customer.email }),
        }),
        onDone: { target: 'starting', actions: 'recordCustomer' },
        onError: startupErrors('registering'),
      },
    },
    starting: {
      invoke: {
        id: 'startWorkflow',
        src: 'startWorkflow',
        input: ({ context }) => ({
          customerId: context.customerId ?? '',
          referenceId: context.referenceId,
        }),
        onDone: { target: 'tracking', actions: 'recordStart' },
        onError: startupErrors('starting'),
      },
    },
    tracking: {
      initial: 'polling',
      states: {
        polling: pollingState({ id: 'pollExecution', phase: 'running' }),
        screenCheck: pollingState({
          id: 'pollExecution',
          phase: 'screening',
          stay: { route: 'screenCheck', target: '#kyc.tracking.screenCheck' },
        }),
        pendingReview: pollingState({
          id: 'pollExecution',
          phase: 'review',
          stay: { route: 'pendingReview', target: '#kyc.tracking.pendingReview', announce: true },
        }),
        // A node type the client does not know: nobody here can answer it, and it is not
        // review either. Watched at the review pace until it moves on.
        unknownNode: pollingState({
          id: 'pollExecution',
          phase: 'review',
          stay: { route: 'unknownNode', target: '#kyc.tracking.unknownNode', announce: true },
        }),
        identityDocument: {
          initial: 'awaitingInput',
          states: {
            awaitingInput: {
              ...awaiting('identityDocument', 'awaitingInput'),
              on: { SUBMIT_IDENTITY_DOCUMENT: { target: 'submitting', actions: 'holdSubmission' } },
            },
            submitting: {
              invoke: {
                id: 'submitIdentityDocument',
                src: 'submitIdentityDocument',
                input: ({ context }) => ({
                  ...nodeRef(context),
                  document: heldAnswer(context, 'SUBMIT_IDENTITY_DOCUMENT').document,
                }),
                onDone: { target: 'extracting', actions: ['markAnswered', 'ocrSubmitted'] },
                onError: submitErrorRoutes('awaitingInput'),
              },
            },
            extracting: {
              invoke: {
                id: 'pollOcr',
                src: 'pollOcr',
                input: ({ context }) => ({
                  executionId: context.executionId ?? '',
                  callbackKey: context.ocr?.callbackKey ?? context.node?.callbackKey ?? '',
                  notBefore:
                    Date.now() +
                    nextPollDelay(
                      { phase: 'ocr', attempts: context.ocr?.reads ?? 0 },
                      context.polling,
                    ),
                }),
                onDone: [
                  {
                    guard: { type: 'ocrIs', params: { status: 'SUCCESS' } },
                    target: '#kyc.tracking.polling',
                    actions: 'ocrRead',
                  },
                  {
                    guard: { type: 'ocrIs', params: { status: 'FAILED' } },
                    target: 'ocrFailed',
                    actions: 'ocrRead',
                  },
                  { target: 'extracting', reenter: true, actions: 'ocrRead' },
                ],
                onError: [...movedOnRoutes, { target: 'ocrFailed', actions: 'ocrBroken' }],
              },
            },
            ocrFailed: {
              ...awaiting('identityDocument', 'ocrFailed'),
              on: { RETAKE: { target: '#kyc.tracking.polling', actions: 'expectNode' } },
            },
          },
        },
        particulars: {
          initial: 'awaitingInput',
          states: {
            awaitingInput: {
              ...awaiting('particulars', 'awaitingInput'),
              on: { SUBMIT_PARTICULARS: { target: 'submitting', actions: 'holdSubmission' } },
            },
            submitting: {
              invoke: {
                id: 'submitParticulars',
                src: 'submitParticulars',
                input: ({ context }) => ({
                  ...nodeRef(context),
                  personData: heldAnswer(context, 'SUBMIT_PARTICULARS').personData,
                }),
                onDone: { target: '#kyc.tracking.polling', actions: 'markAnswered' },
                onError: submitErrorRoutes('awaitingInput'),
              },
            },
          },
        },
        liveness: {
          initial: 'awaitingInput',
          states: {
            awaitingInput: {
              ...awaiting('liveness', 'awaitingInput'),
              on: { SUBMIT_LIVENESS: { target: 'submitting', actions: 'holdSubmission' } },
            },
            submitting: {
              invoke: {
                id: 'submitLiveness',
                src: 'submitLiveness',
                input: ({ context }) => ({
                  ...nodeRef(context),
                  liveness: heldAnswer(context, 'SUBMIT_LIVENESS').liveness,
                }),
                onDone: { target: '#kyc.tracking.polling', actions: 'markAnswered' },
                onError: submitErrorRoutes('awaitingInput'),
              },
            },
          },
        },
        emailOtp: otpStates('email'),
        phoneOtp: otpStates('phone'),
        requiredDocuments: {
          initial: 'collecting',
          states: {
            collecting: {
              ...awaiting('requiredDocuments', 'collecting'),
              on: {
                ADD_DOCUMENT: { target: 'adding', actions: 'queueDocument' },
                SUBMIT_DOCUMENTS: [
                  { guard: 'nothingMissing', target: 'submitting', actions: 'holdSubmission' },
                  { actions: documentsMissing },
                ],
              },
            },
            adding: {
              on: {
                ADD_DOCUMENT: { actions: 'queueDocument' },
                SUBMIT_DOCUMENTS: { actions: ['requestSubmitDocuments', 'holdSubmission'] },
              },
              invoke: {
                id: 'addDocument',
                src: 'addDocument',
                input: ({ context }) => {
                  const document = context.documents?.pending[0];
                  const required = context.node?.config?.requiredDocuments?.find(
                    (doc) => doc.docType === document?.docType,
                  );
                  return {
                    ...nodeRef(context),
                    // An empty queue cannot happen here; an empty doc fails validation, loudly.
                    document: document ?? {
                      docType: 'UTILITY_TELEPHONE_BILL',
                      files: { front: { url: '' } },
                    },
                    isRequired: required?.isRequired ?? false,
                  };
                },
                onDone: [
                  {
                    guard: 'morePending',
                    target: 'adding',
                    reenter: true,
                    actions: 'documentAdded',
                  },
                  { guard: 'submitWhenAdded', target: 'submitting', actions: 'documentAdded' },
                  // SUBMIT_DOCUMENTS came during the upload, but something is still missing.
                  {
                    guard: 'submitRequested',
                    target: 'collecting',
                    actions: ['documentAdded', documentsMissing],
                  },
                  { target: 'collecting', actions: 'documentAdded' },
                ],
                onError: [
                  ...movedOnRoutes,
                  { target: 'collecting', actions: ['dropPendingDocuments', 'reject'] },
                ],
              },
            },
            submitting: {
              invoke: {
                id: 'submitDocuments',
                src: 'submitDocuments',
                input: ({ context }) => nodeRef(context),
                onDone: { target: '#kyc.tracking.polling', actions: 'markAnswered' },
                onError: submitErrorRoutes('collecting'),
              },
            },
          },
        },
        requiredForms: {
          initial: 'awaitingInput',
          states: {
            awaitingInput: {
              ...awaiting('requiredForms', 'awaitingInput'),
              on: { SUBMIT_FORMS: { target: 'submitting', actions: 'holdSubmission' } },
            },
            submitting: {
              invoke: {
                id: 'submitForms',
                src: 'submitForms',
                input: ({ context }) => ({
                  ...nodeRef(context),
                  forms: heldAnswer(context, 'SUBMIT_FORMS').forms,
                }),
                onDone: [
                  {
                    guard: 'formsComplete',
                    target: '#kyc.tracking.polling',
                    actions: ['formsSubmitted', 'markAnswered'],
                  },
                  {
                    target: 'awaitingInput',
                    actions: [
                      'formsSubmitted',
                      {
                        type: 'reject',
                        params: {
                          code: FLOW_CODES.FORMS_MISSING,
                          message: 'more forms wanted: `forms.missing`',
                        },
                      },
                    ],
                  },
                ],
                onError: submitErrorRoutes('awaitingInput'),
              },
            },
          },
        },
      },
    },
    suspended: {
      invoke: {
        id: 'wait',
        src: 'wait',
        input: ({ context }) => ({
          until:
            (context.timing.suspendedAt ?? Date.now()) +
            nextRetryDelay(
              context.timing.suspensions,
              context.polling,
              context.timing.retryAfterMs,
            ),
        }),
        onDone: resume,
      },
      on: { RETRY: resume },
    },
    // Credentials refused, or answers that keep breaking the contract: nothing the flow
    // can do by itself helps. It keeps everything and waits for the host's RETRY (after a
    // fix of the configuration, an upgrade, a gateway fixed); it never leaves by itself.
    needsAttention: {
      on: { RETRY: resume },
    },
    completed: { type: 'final' },
    failed: { type: 'final' },
    timedOut: { type: 'final' },
    cancelled: { type: 'final' },
  },
});
