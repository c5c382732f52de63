import { useKycFlowContext } from 'kyc-flow/react';
import { useState } from 'react';
import { StepHeading } from '../flow/StepHeading';

/** The back office decides; the demo lets you play it (the sandbox's admin method). */
function SandboxBackOffice() {
  const flow = useKycFlowContext();
  const [note, setNote] = useState<string | null>(null);
  const decide = async (decision: 'APPROVED' | 'REJECTED') => {
    const response = await fetch('/demo/review', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ executionId: flow.executionId, decision }),
    });
    setNote(
      response.ok
        ? `Decision sent (${decision === 'APPROVED' ? 'approve' : 'reject'}). The page notices at its next check.`
        : 'The sandbox refused the decision.',
    );
  };
  return (
    <div className="sandbox-panel">
      <p className="hint-text">Sandbox back office (demo only)</p>
      <div className="actions">
        <button type="button" onClick={() => void decide('APPROVED')}>
          Approve
        </button>
        <button type="button" onClick={() => void decide('REJECTED')}>
          Reject
        </button>
      </div>
      {note ? <p className="hint-text">{note}</p> : null}
    </div>
  );
}

export function PendingReview() {
  return (
    <div className="stack">
      <StepHeading>Your application is under review</StepHeading>
      <p>
        A member of our team is looking at your application. You can close this page: we will let
        you know by email. If you stay, this page updates by itself.
      </p>
      <SandboxBackOffice />
    </div>
  );
}
