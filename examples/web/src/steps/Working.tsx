import { useKycFlowContext } from 'kyc-flow/react';

const MESSAGES: Record<string, string> = {
  idle: 'Getting ready…',
  registering: 'Creating your profile…',
  starting: 'Starting your verification…',
  polling: 'One moment, preparing the next step…',
  screenCheck: 'Running the usual checks (sanctions and watch lists)…',
};

/** Whatever the flow does by itself: registering, starting, waiting for the next step, screening. */
export function Working() {
  const { step } = useKycFlowContext();
  return (
    <div className="working" role="status">
      <span className="spinner" aria-hidden="true" />
      <p>{MESSAGES[step] ?? 'Working…'}</p>
    </div>
  );
}
