import { useKycFlowContext } from 'kyc-flow/react';
import { StepHeading } from '../flow/StepHeading';

/**
 * The flow cannot go on by itself. The flow's own sentence says why in the customer's words
 * (signed out, another account, our side); the page knows nothing more, so it adds nothing.
 */
export function NeedsAttention() {
  const flow = useKycFlowContext();
  return (
    <div className="stack">
      <StepHeading showError={false}>We cannot continue right now</StepHeading>
      <p>
        {flow.error?.customerMessage ??
          'Nothing you entered is lost: come back later, or try again in a moment.'}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={flow.retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
