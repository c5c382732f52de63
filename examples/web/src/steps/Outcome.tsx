import { useKycFlowContext } from 'kyc-flow/react';

export function Outcome() {
  const { outcome } = useKycFlowContext();
  if (!outcome) return null;
  if (outcome.status === 'completed' && outcome.decision === 'UNKNOWN') {
    // The gateway finished without a decision we know: say nothing it did not say.
    return (
      <div className="outcome stopped" role="status" data-outcome="UNKNOWN">
        <h2>Your verification is complete</h2>
        <p>We are finalising the result and will write to you with it.</p>
      </div>
    );
  }
  if (outcome.status === 'completed') {
    const approved = outcome.decision === 'APPROVED';
    return (
      <div
        className={`outcome ${approved ? 'approved' : 'rejected'}`}
        role="status"
        data-outcome={outcome.decision}
      >
        <h2>{approved ? 'You are verified' : 'We cannot open your account'}</h2>
        <p>
          {approved
            ? 'Thank you. Your identity is confirmed and your account is ready.'
            : 'We are unable to verify your identity at this time. We will write to you with the details.'}
        </p>
      </div>
    );
  }
  const titles = {
    failed: 'The verification did not complete',
    timedOut: 'The verification expired',
    cancelled: 'The verification was cancelled',
  } as const;
  return (
    <div className="outcome stopped" role="status" data-outcome={outcome.status}>
      <h2>{titles[outcome.status]}</h2>
      <p>{outcome.error?.message ?? 'You can start a new verification whenever you are ready.'}</p>
    </div>
  );
}
