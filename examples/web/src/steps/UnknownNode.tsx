import { useKycFlowContext } from 'kyc-flow/react';
import { useState } from 'react';
import { StepHeading } from '../flow/StepHeading';

/** The workflow waits on a step this client does not know: someone else answers it. */
export function UnknownNode() {
  const flow = useKycFlowContext();
  const [note, setNote] = useState<string | null>(null);
  const pass = async () => {
    const response = await fetch('/demo/review', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ executionId: flow.executionId, decision: 'APPROVED' }),
    });
    setNote(response.ok ? 'Sent. The page notices at its next check.' : 'The sandbox refused.');
  };
  return (
    <div className="stack">
      <StepHeading>One more step on our side</StepHeading>
      <p>
        Your application is at a step our team completes. Nothing you entered is lost, and this page
        updates by itself once the step is done.
      </p>
      <div className="sandbox-panel">
        <p className="hint-text">Sandbox back office (demo only)</p>
        <div className="actions">
          <button type="button" onClick={() => void pass()}>
            Complete the step
          </button>
        </div>
        {note ? <p className="hint-text">{note}</p> : null}
      </div>
    </div>
  );
}
