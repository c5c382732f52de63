import type { SnapshotFrom } from 'xstate';
import { missingDocuments, missingForms } from './context.js';
import type { kycFlowMachine } from './machine.js';
import { ANSWERABLE_KINDS } from './routing.js';
import { toStatePath } from './setup.js';
import type { FlowStep, FlowView, HostEventType } from './types.js';

export type FlowSnapshot = SnapshotFrom<typeof kycFlowMachine>;

const NODE_STEPS = new Set<string>([
  ...ANSWERABLE_KINDS,
  'screenCheck',
  'pendingReview',
  'unknownNode',
]);

/** The step of a dotted state path: `tracking.emailOtp.codeSent` → `emailOtp`. */
export function stepOf(state: string): FlowStep {
  const [top, child] = state.split('.');
  if (top === 'tracking') return child && NODE_STEPS.has(child) ? (child as FlowStep) : 'polling';
  return (top || 'idle') as FlowStep;
}

/** What the host is expected to send now, by state (CANCEL is always possible). */
const EXPECTS: Record<string, readonly HostEventType[]> = {
  idle: ['START'],
  // RETRY (or the back-off running out) goes back to work; an answer the suspension
  // interrupted is sent again by itself, so the host is not asked for it twice.
  suspended: ['RETRY'],
  // Never leaves by itself: RETRY once the cause (configuration, gateway, version) is fixed.
  needsAttention: ['RETRY'],
  'tracking.identityDocument.awaitingInput': ['SUBMIT_IDENTITY_DOCUMENT'],
  'tracking.identityDocument.ocrFailed': ['RETAKE'],
  'tracking.particulars.awaitingInput': ['SUBMIT_PARTICULARS'],
  'tracking.liveness.awaitingInput': ['SUBMIT_LIVENESS'],
  'tracking.emailOtp.awaitingIdentity': ['SEND_OTP'],
  'tracking.emailOtp.codeSent': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.emailOtp.wrongCode': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.emailOtp.locked.resendAllowed': ['RESEND_OTP'],
  'tracking.phoneOtp.awaitingIdentity': ['SEND_OTP'],
  'tracking.phoneOtp.codeSent': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.phoneOtp.wrongCode': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.phoneOtp.locked.resendAllowed': ['RESEND_OTP'],
  'tracking.requiredDocuments.collecting': ['ADD_DOCUMENT', 'SUBMIT_DOCUMENTS'],
  'tracking.requiredDocuments.adding': ['ADD_DOCUMENT', 'SUBMIT_DOCUMENTS'],
  'tracking.requiredForms.awaitingInput': ['SUBMIT_FORMS'],
};

/** The host events the flow waits for in `state` (empty while it works by itself). */
export const expectedEvents = (state: string): readonly HostEventType[] => EXPECTS[state] ?? [];

/** The view of a snapshot: pure, plain data, no internals. */
export function toFlowView(snapshot: FlowSnapshot): FlowView {
  const { context } = snapshot;
  const state = toStatePath(snapshot.value);
  const step = stepOf(state);
  const done = snapshot.status === 'done';
  const atNode = NODE_STEPS.has(step);
  const node = atNode ? context.node : undefined;
  const otp =
    (step === 'emailOtp' || step === 'phoneOtp') && context.otp
      ? {
          channel: context.otp.channel,
          sends: context.otp.sends,
          ...pick(context.otp, ['identity', 'sentAt', 'resendAvailableAt', 'remainingAttempts']),
        }
      : undefined;
  const ocr = context.ocr
    ? { status: context.ocr.status, ...pick(context.ocr, ['result', 'reason']) }
    : undefined;
  const documents =
    step === 'requiredDocuments'
      ? {
          added: [...(context.documents?.added ?? [])],
          missing: missingDocuments(context),
          pending: (context.documents?.pending ?? []).map((doc) => doc.docType),
        }
      : undefined;
  const forms =
    step === 'requiredForms'
      ? { submitted: [...(context.forms?.submitted ?? [])], missing: missingForms(context) }
      : undefined;
  return {
    state,
    step,
    referenceId: context.referenceId,
    ...(context.executionId === undefined ? {} : { executionId: context.executionId }),
    ...(context.customerId === undefined ? {} : { customerId: context.customerId }),
    ...(node ? { node } : {}),
    ...(ocr ? { ocr } : {}),
    ...(otp ? { otp } : {}),
    ...(documents ? { documents } : {}),
    ...(forms ? { forms } : {}),
    ...(context.error ? { error: context.error } : {}),
    ...(context.outcome ? { outcome: context.outcome } : {}),
    expects: done ? [] : expectedEvents(state),
    done,
  };
}

function pick<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
