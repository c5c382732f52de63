import { useKycFlowContext } from 'kyc-flow/react';

/** The flow paused after trouble it may get over (network, a busy gateway); it retries by itself. */
export function Suspended() {
  const flow = useKycFlowContext();
  return (
    <div className="stack" role="alert">
      <h2>We lost touch with our servers</h2>
      <p>
        {flow.error?.message ?? 'Something went wrong on our side.'} Nothing you entered is lost; we
        will try again shortly.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={flow.retry}>
          Retry now
        </button>
      </div>
    </div>
  );
}
