import { useKycFlowContext } from 'kyc-flow/react';
import { useEffect } from 'react';
import { forgetContact } from '../customer';
import { useDemo } from '../demo-context';
import { StepHeading } from '../flow/StepHeading';

const STOPPED = {
  failed: [
    'The verification did not complete',
    'Something went wrong while we checked your identity, and we could not finish. You can start a new verification, or contact us if this happens again.',
  ],
  timedOut: [
    'The verification expired',
    'It stayed open for too long, so we closed it to keep your details safe. You can start a new one whenever you are ready.',
  ],
  cancelled: [
    'The verification was cancelled',
    'Nothing more will happen with it. You can start a new one whenever you are ready.',
  ],
} as const;

/** The verdict (approved, rejected, still undecided) or why the verification stopped. */
function Verdict() {
  const { outcome } = useKycFlowContext();
  if (!outcome) return null;
  if (outcome.status !== 'completed') {
    const [title, text] = STOPPED[outcome.status];
    return (
      <div className="outcome stopped" data-outcome={outcome.status}>
        <StepHeading showError={false}>{title}</StepHeading>
        <p>{text}</p>
      </div>
    );
  }
  const decision: string = outcome.decision;
  const [kind, title, text] =
    decision === 'APPROVED'
      ? [
          'approved',
          'You are verified',
          'Thank you. Your identity is confirmed and your account is ready.',
        ]
      : decision === 'REJECTED'
        ? [
            'rejected',
            'We cannot open your account',
            'We are unable to verify your identity at this time. We will write to you with the details.',
          ]
        : [
            'pending',
            'We are still checking',
            'Your details are with our team. We will let you know by email when we have decided.',
          ];
  return (
    <div className={`outcome ${kind}`} data-outcome={decision}>
      <StepHeading showError={false}>{title}</StepHeading>
      <p>{text}</p>
    </div>
  );
}

export function Outcome() {
  const flow = useKycFlowContext();
  const { customer, storage } = useDemo();
  useEffect(() => forgetContact(storage, customer.customerId), [storage, customer.customerId]);
  return (
    <div className="stack">
      <Verdict />
      <div className="actions">
        {/* Forgets this verification and begins a new one for the same customer, here. */}
        <button type="button" onClick={() => flow.flow.discard()}>
          Start a new verification
        </button>
      </div>
    </div>
  );
}
