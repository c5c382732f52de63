import { StepHeading } from '../flow/StepHeading';

/**
 * The flow is somewhere this page cannot help with: a step of the workflow it does not
 * know, or trouble only the bank can sort out. The customer is told, plainly, what happens.
 */
export function CannotContinue() {
  return (
    <div className="stack">
      <StepHeading>We need to finish this with you</StepHeading>
      <p>
        Your verification has reached a step we cannot complete on this page. Nothing you entered is
        lost. We will contact you by email about what happens next.
      </p>
    </div>
  );
}
