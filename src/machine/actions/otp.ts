import { GatewayError } from '../../services/errors/gateway-error.js';
import type { OtpChannel } from '../../services/wire/vocabulary.js';
import type { SendOtpOutput } from '../actors/send-otp.js';
import type { VerifyOtpOutput } from '../actors/verify-otp.js';
import { resendAt } from '../deadlines.js';
import { errorOf, outputOf } from '../event-data.js';
import { FLOW_CODES } from '../flow-error.js';
import { otpIdentity, otpSlice } from '../slices.js';
import type { FlowError } from '../types.js';
import { assignFlow, emitFlow } from './typed.js';

/** One-time codes: where a code goes, that it went, how its checks went, when it is spent. */
export const otpActions = {
  otpSending: assignFlow(({ context, event }, params: { channel: OtpChannel }) => {
    const slice = otpSlice(context, params.channel);
    // The identity SEND_OTP names wins; without one, where this node's last code went.
    const given = event.type === 'SEND_OTP' ? event.identity : undefined;
    const identity = otpIdentity(context, params.channel, given ?? slice.sentTo);
    return { otp: { ...slice, identity }, error: undefined };
  }),
  /** A code went (told by `remindOtpSent`). */
  otpSent: assignFlow(({ context, event }, params: { channel: OtpChannel }) => {
    const output = outputOf<SendOtpOutput>(event);
    const slice = otpSlice(context, params.channel);
    const sentAt = Date.now();
    // The same requestId means the gateway sent no new code: the cooldown still runs from then.
    const otp =
      output.requestId !== slice.requestId
        ? {
            ...slice,
            requestId: output.requestId,
            sentAt,
            resendAvailableAt: resendAt(context, sentAt, output.cooldownSeconds),
            sends: slice.sends + 1,
            remainingAttempts: undefined,
            refused: undefined,
          }
        : slice;
    return {
      otp: { ...otp, sentTo: slice.identity },
      error: undefined,
      // A readable answer: the count of unreadable ones in a row starts over.
      timing: { ...context.timing, contractBreaks: 0 },
    };
  }),
  remindOtpSent: emitFlow(({ context }) => ({
    type: 'otpSent' as const,
    channel: context.otp?.channel ?? 'email',
    resendAvailableAt: context.otp?.resendAvailableAt ?? Date.now(),
  })),
  /** A verify's answer, kept; the chart tells it (`tellOtpVerified`, `tellOtpRejected`). */
  otpChecked: assignFlow(({ context: { otp }, event }) => {
    if (!otp) return {};
    const { remainingAttempts, refused } = outputOf<VerifyOtpOutput>(event);
    return {
      otp: {
        ...otp,
        verifications: otp.verifications + 1,
        ...(remainingAttempts === undefined ? {} : { remainingAttempts }),
        ...(refused ? { refused: [...(otp.refused ?? []), refused] } : {}),
      },
      // This code's answer is what counts now, not a refusal of the one typed before it.
      error: undefined,
    };
  }),
  tellOtpVerified: emitFlow(({ context, event }) => ({
    type: 'otpVerified' as const,
    channel: context.otp?.channel ?? 'email',
    ...(outputOf<VerifyOtpOutput>(event).unconfirmed && { unconfirmed: true as const }),
  })),
  tellOtpRejected: emitFlow(({ context, event }) => {
    const { remainingAttempts } = outputOf<VerifyOtpOutput>(event);
    return {
      type: 'otpRejected' as const,
      channel: context.otp?.channel ?? 'email',
      ...(remainingAttempts === undefined ? {} : { remainingAttempts }),
    };
  }),
  /** No attempts left for this code (the gateway's 429001, a last wrong code, a verify after). */
  /** Told by `tellError`. */
  lockOtp: assignFlow(({ context: { otp }, event }) => {
    const cause = errorOf(event);
    const error: FlowError = {
      code: FLOW_CODES.OTP_LOCKED,
      message: 'no attempts left for this code: RESEND_OTP after `otp.resendAvailableAt`',
      ...(cause instanceof GatewayError ? { apiCode: cause.apiCode } : {}),
      retryable: false,
    };
    return { ...(otp ? { otp: { ...otp, remainingAttempts: 0 } } : {}), error };
  }),
};
