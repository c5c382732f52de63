import type { UseKycFlowResult } from 'kyc-flow/react';

/** The steps of a full onboarding, in order, as the progress bar names them. */
export const STEPS = [
  ['identityDocument', 'ID document'],
  ['particulars', 'Your details'],
  ['liveness', 'Selfie'],
  ['emailOtp', 'Email'],
  ['phoneOtp', 'Phone'],
  ['requiredDocuments', 'Documents'],
  ['requiredForms', 'Form'],
  ['screenCheck', 'Checks'],
] as const;
export type ProgressStep = (typeof STEPS)[number][0];

export type StepStatus = 'done' | 'current' | 'skipped' | 'upcoming';

const indexOf = (step: string): number =>
  // Manual review is part of the checks, for the customer.
  STEPS.findIndex(([name]) => name === (step === 'pendingReview' ? 'screenCheck' : step));

/** The progress step the flow is at, if it is at one. */
export const currentStep = (step: string): ProgressStep | undefined => STEPS[indexOf(step)]?.[0];

/**
 * Each step's status from the steps this execution has shown, those it moved on from,
 * and where it is now. A step the workflow jumped over reads "skipped"; once a decision
 * is made, every step shown and the checks are done, and nothing is left to come.
 */
export function stepStatuses(
  trail: { readonly visited: readonly string[]; readonly done: readonly string[] },
  flow: Pick<UseKycFlowResult, 'step' | 'outcome'>,
): StepStatus[] {
  const decided = flow.outcome?.status === 'completed';
  const done = new Set(decided ? [...trail.visited, 'screenCheck'] : trail.done);
  const current = indexOf(flow.step);
  const furthest = Math.max(current, ...[...trail.visited, ...done].map(indexOf));
  return STEPS.map(([name], index) => {
    if (index === current) return 'current';
    if (done.has(name)) return 'done';
    return (index < furthest && !trail.visited.includes(name)) || decided ? 'skipped' : 'upcoming';
  });
}
