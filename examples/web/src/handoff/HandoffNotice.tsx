import { useKycFlowContext } from 'kyc-flow/react';
import { StepHeading } from '../flow/StepHeading';
import { STEPS } from '../flow/steps';

/** The computer while the phone has the verification: where the phone is, and a way back. */
export function AwayNotice() {
  const flow = useKycFlowContext();
  const where = STEPS.find(([name]) => name === flow.step)?.[1] ?? 'in progress';
  return (
    <div className="stack" data-testid="handoff-away">
      <StepHeading>Continuing on your phone</StepHeading>
      <p role="status">
        Your phone has the verification now (step: {where}). This page follows along and carries on
        by itself once your phone is done.
      </p>
      <div className="actions">
        <button type="button" onClick={() => void flow.takeBack()}>
          Continue here instead
        </button>
      </div>
    </div>
  );
}

const PHONE_SCREENS = {
  opening: {
    title: 'Opening your verification',
    text: 'One moment.',
  },
  returned: {
    title: 'Done on this phone',
    text: 'Thank you. Go back to your computer: the verification carries on there.',
  },
  ended: {
    title: 'This link cannot be used',
    text: 'It was used already, expired, or the verification went back to your computer. Ask for a new link there.',
  },
} as const;

/** The phone before it has the verification, and after it gave it back. */
export function PhoneNotice({ status }: { readonly status: keyof typeof PHONE_SCREENS }) {
  const screen = PHONE_SCREENS[status];
  return (
    <div className="stack" data-testid={`handoff-${status}`}>
      <StepHeading>{screen.title}</StepHeading>
      <p role="status">{screen.text}</p>
    </div>
  );
}
