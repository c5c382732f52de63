import { useKycFlowContext } from 'kyc-flow/react';
import { StepHeading } from '../flow/StepHeading';

/** The flow paused after trouble it may get over (network, a busy gateway); it retries by itself. */
export function Suspended() {
  const flow = useKycFlowContext();
  return (
    <div className="stack">
      <StepHeading showError={false}>We lost touch with our servers</StepHeading>
      <p>
        {flow.error?.customerMessage ??
          'Something went wrong on our side. Nothing you entered is lost; we will try again shortly.'}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={flow.retry}>
          Try again now
        </button>
      </div>
    </div>
  );
}
