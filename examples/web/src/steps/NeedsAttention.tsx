import { useKycFlowContext } from 'kyc-flow/react';

/** The flow cannot go on by itself (credentials refused, answers it cannot read). */
export function NeedsAttention() {
  const flow = useKycFlowContext();
  return (
    <div className="stack" role="alert">
      <h2>We cannot continue right now</h2>
      <p>
        Our team has been told. Nothing you entered is lost: come back later, or try again once we
        have fixed it.
      </p>
      <p className="muted small">{flow.error?.code}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={flow.retry}>
          Try again
        </button>
      </div>
    </div>
  );
}
