import { useKycFlowContext } from 'kyc-flow/react';
import { StepHeading } from '../flow/StepHeading';
import { Spinner } from '../ui/Spinner';

const MESSAGES: Record<string, string> = {
  idle: 'Getting ready',
  registering: 'Creating your profile',
  starting: 'Starting your verification',
  polling: 'Preparing the next step',
  screenCheck: 'Running the usual checks',
};

/** Whatever the flow does by itself: registering, starting, waiting for the next step, screening. */
export function Working() {
  const { step } = useKycFlowContext();
  return (
    <div className="stack">
      <StepHeading>{MESSAGES[step] ?? 'One moment'}</StepHeading>
      <p className="working">
        <Spinner />
        {step === 'screenCheck'
          ? 'We check every new customer against sanctions and watch lists. This takes a moment.'
          : 'This takes a moment. You can stay on this page.'}
      </p>
    </div>
  );
}
