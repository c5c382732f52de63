import { useKycFlowContext } from 'kyc-flow/react';
import { StepHeading } from '../flow/StepHeading';

/** The flow cannot go on by itself (credentials refused, answers it cannot read): ours to fix. */
export function NeedsAttention() {
  const flow = useKycFlowContext();
  return (
    <div className="stack">
      <StepHeading showError={false}>We cannot continue right now</StepHeading>
      <p>
        Something on our side needs fixing, and our team has been told. Nothing you entered is lost:
        come back later, or try again in a moment.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={flow.retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
