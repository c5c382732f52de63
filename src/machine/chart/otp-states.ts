import type { OtpChannel } from '../../services/wire/vocabulary.js';
import { nodeRef } from '../context.js';
import { FLOW_CODES } from '../flow-error.js';
import { stateConfig } from '../setup.js';
import { awaitingHost, watch } from './awaiting-host.js';
import { errorIs, movedOnRoutes, rejected, submitErrorRoutes } from './error-routes.js';
import { pollingState } from './poll-states.js';

/** Refuses the host's event with a flow code (no gateway call), staying put. */
const refuse = (code: string, message: string) => ({
  actions: [{ type: 'reject' as const, params: { code, message } }, 'tellError' as const],
});

/** No attempts left for this code: said, and told. */
const spent = ['lockOtp' as const, 'tellError' as const];

const cooldown = refuse(FLOW_CODES.OTP_RESEND_COOLDOWN, 'resend after `otp.resendAvailableAt`');

/**
 * VERIFY_OTP: checked, unless the gateway refused that very code for this one already (in
 * this run or before a restore): sent again, it would only spend the customer's attempts.
 */
const verify = [
  {
    guard: 'codeRefused' as const,
    ...refuse(
      FLOW_CODES.OTP_CODE_REFUSED,
      'the gateway refused this code already: not sent again; VERIFY_OTP another, or RESEND_OTP',
    ),
  },
  { target: 'verifying' },
];

/** RESEND_OTP: the same identity again, once the cooldown is over. */
const resend = [
  { guard: 'resendAvailable' as const, target: 'sending', actions: 'holdSubmission' as const },
  cooldown,
];

/** Sends a code to the identity the flow holds (asks the host for one if it has none). */
const sending = (channel: OtpChannel) =>
  stateConfig({
    invoke: {
      id: 'sendOtp',
      src: 'sendOtp',
      input: ({ context }) => ({
        ...nodeRef(context),
        channel,
        identity: context.otp?.identity ?? '',
      }),
      onDone: {
        target: 'codeSent',
        actions: [{ type: 'otpSent', params: { channel } }, 'remindOtpSent'],
      },
      onError: [
        ...movedOnRoutes,
        { guard: 'otpRequested', target: 'codeSent', actions: rejected },
        { target: 'awaitingIdentity', actions: rejected },
      ],
    },
  });

/** Checks the code VERIFY_OTP carried. */
const verifying = (channel: OtpChannel) =>
  stateConfig({
    invoke: {
      id: 'verifyOtp',
      src: 'verifyOtp',
      // The code lives only in this input; `persist()` strips it. Only VERIFY_OTP leads here:
      // anything else would carry no code, which the actor asks for again.
      input: ({ context, event }) => ({
        ...nodeRef(context),
        channel,
        identity: context.otp?.identity ?? '',
        requestId: context.otp?.requestId ?? '',
        code: event.type === 'VERIFY_OTP' ? event.code : '',
      }),
      onDone: [
        {
          guard: 'verified',
          target: 'verified',
          actions: ['otpChecked', 'tellOtpVerified', 'markSubmitted'],
        },
        // The last attempt is spent: no use verifying again until a new code is out.
        {
          guard: 'outOfAttempts',
          target: 'locked',
          actions: ['otpChecked', 'tellOtpRejected', ...spent],
        },
        { target: 'wrongCode', actions: ['otpChecked', 'tellOtpRejected'] },
      ],
      onError: [
        { guard: errorIs('codeMissing'), target: 'codeSent', actions: rejected },
        { guard: errorIs('otpLocked'), target: 'locked', actions: spent },
        ...submitErrorRoutes('codeSent'),
      ],
    },
  });

/**
 * Too many wrong codes: this code is spent. A resend (after the cooldown) starts afresh; the
 * view expects nothing until the cooldown is over, then RESEND_OTP.
 */
const locked = (kind: 'emailOtp' | 'phoneOtp', channel: OtpChannel) =>
  stateConfig({
    on: {
      RESEND_OTP: resend,
      SEND_OTP: [sendAgain(channel), cooldown],
      VERIFY_OTP: { actions: spent },
    },
    initial: 'coolingDown',
    states: {
      coolingDown: {
        tags: ['awaitingHost'],
        invoke: [
          watch(kind, 'locked', 'coolingDown').invoke,
          {
            id: 'wait',
            src: 'wait',
            input: ({ context }) => ({ until: context.otp?.resendAvailableAt ?? 0 }),
            onDone: 'resendAllowed',
          },
        ],
      },
      resendAllowed: awaitingHost(kind, 'locked.resendAllowed', ['RESEND_OTP']),
    },
  });

/** SEND_OTP: a code to the identity the event names (a corrected phone number), else the held one. */
const sendTo = (channel: OtpChannel) =>
  [{ type: 'otpSending' as const, params: { channel } }, 'holdSubmission' as const] as const;

/** SEND_OTP once a code is out: a new one, once the cooldown is over. */
const sendAgain = (channel: OtpChannel) => ({
  guard: 'resendAvailable' as const,
  target: 'sending',
  actions: sendTo(channel),
});

/** A node that sends a one-time code to the customer's email or phone and checks it. */
export function otpNode(channel: OtpChannel) {
  const kind = channel === 'email' ? 'emailOtp' : 'phoneOtp';
  // Once a code is out, SEND_OTP sends again when allowed, else reminds the host of the code.
  const awaitingCode = (state: 'codeSent' | 'wrongCode') =>
    stateConfig({
      ...awaitingHost(kind, state, ['VERIFY_OTP', 'RESEND_OTP']),
      on: {
        VERIFY_OTP: verify,
        RESEND_OTP: resend,
        SEND_OTP: [sendAgain(channel), { actions: 'remindOtpSent' }],
      },
    });
  return stateConfig({
    initial: 'awaitingIdentity',
    meta: { step: kind },
    states: {
      awaitingIdentity: {
        ...awaitingHost(kind, 'awaitingIdentity', ['SEND_OTP']),
        on: {
          SEND_OTP: [
            {
              guard: { type: 'hasOtpIdentity', params: { channel } },
              target: 'sending',
              actions: sendTo(channel),
            },
            refuse(
              FLOW_CODES.OTP_IDENTITY_MISSING,
              `no ${channel} to send the code to: pass SEND_OTP { identity }`,
            ),
          ],
        },
      },
      sending: sending(channel),
      codeSent: awaitingCode('codeSent'),
      verifying: verifying(channel),
      wrongCode: awaitingCode('wrongCode'),
      locked: locked(kind, channel),
      verified: pollingState('running'),
    },
  });
}
