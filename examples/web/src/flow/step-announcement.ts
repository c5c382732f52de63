import type { UseKycFlowResult } from 'kyc-flow/react';
import { currentStep, STEPS } from './steps';

/** Parts of a step worth a word of their own, by the last part of the state path. */
const MOMENTS: Readonly<Record<string, string>> = {
  extracting: 'reading your document',
  ocrFailed: 'your document could not be read',
  codeSent: 'code sent',
  wrongCode: 'code not accepted',
  coolingDown: 'new code needed',
  resendAllowed: 'new code needed',
  verified: 'confirmed',
};

const OUTCOMES = {
  failed: 'Verification stopped: it did not complete.',
  timedOut: 'Verification stopped: it expired.',
  cancelled: 'Verification cancelled.',
} as const;

/** The one line read out when the step area changes (a polite status, never the forms). */
export function stepAnnouncement(flow: UseKycFlowResult): string {
  const { outcome } = flow;
  if (outcome?.status === 'completed') {
    return outcome.decision === 'APPROVED'
      ? 'Verification complete: you are verified.'
      : outcome.decision === 'REJECTED'
        ? 'Verification complete: we cannot open your account.'
        : 'Verification complete: we are still checking.';
  }
  if (outcome) return OUTCOMES[outcome.status];
  if (flow.step === 'suspended') return 'We lost touch with our servers. Trying again.';
  if (flow.step === 'needsAttention') return 'We cannot continue right now.';
  if (flow.step === 'pendingReview') return 'Your application is under review.';
  const step = currentStep(flow.step);
  if (!step) return 'One moment, preparing the next step.';
  const index = STEPS.findIndex(([name]) => name === step);
  const moment = MOMENTS[flow.state.slice(flow.state.lastIndexOf('.') + 1)];
  return `Step ${index + 1} of ${STEPS.length}: ${STEPS[index]?.[1]}${moment ? `, ${moment}` : ''}.`;
}
