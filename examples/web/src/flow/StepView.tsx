import { useKycFlowContext } from 'kyc-flow/react';
import { AwayNotice, PhoneNotice } from '../handoff/HandoffNotice';
import { CannotContinue } from '../steps/CannotContinue';
import { FormsStep } from '../steps/FormsStep';
import { IdentityDocumentStep } from '../steps/IdentityDocumentStep';
import { LivenessStep } from '../steps/LivenessStep';
import { NeedsAttention } from '../steps/NeedsAttention';
import { OtpStep } from '../steps/OtpStep';
import { Outcome } from '../steps/Outcome';
import { ParticularsStep } from '../steps/ParticularsStep';
import { PendingReview } from '../steps/PendingReview';
import { RequiredDocumentsStep } from '../steps/RequiredDocumentsStep';
import { Suspended } from '../steps/Suspended';
import { UnknownNode } from '../steps/UnknownNode';
import { Working } from '../steps/Working';
import { FlowFooter } from './FlowFooter';
import { Progress } from './Progress';
import { StepHeadings } from './StepHeading';
import { stepAnnouncement } from './step-announcement';

/** The screen for the flow's step; steps this page does not know get a plain explanation. */
function Step() {
  const flow = useKycFlowContext();
  // A string: a newer kyc-flow may know steps this page was not written for.
  const step: string = flow.step;
  switch (step) {
    case 'identityDocument':
      return <IdentityDocumentStep />;
    case 'particulars':
      return <ParticularsStep />;
    case 'liveness':
      return <LivenessStep />;
    case 'emailOtp':
    case 'phoneOtp':
      return <OtpStep key={step} />;
    case 'requiredDocuments':
      return <RequiredDocumentsStep />;
    case 'requiredForms':
      return <FormsStep />;
    case 'pendingReview':
      return <PendingReview />;
    case 'unknownNode':
      return <UnknownNode />;
    case 'suspended':
      return <Suspended />;
    case 'needsAttention':
      return <NeedsAttention />;
    case 'completed':
    case 'failed':
    case 'timedOut':
    case 'cancelled':
      return <Outcome />;
    case 'idle':
    case 'registering':
    case 'starting':
    case 'polling':
    case 'screenCheck':
      return <Working />;
    default:
      return <CannotContinue />;
  }
}

function Offline() {
  const { online } = useKycFlowContext();
  if (online) return null;
  return (
    <p className="notice warn">
      You are offline. Nothing is lost: the verification carries on as soon as you are back.
    </p>
  );
}

export function StepView() {
  const flow = useKycFlowContext();
  const handoff = flow.handoffState?.status;
  if (handoff === 'opening' || handoff === 'returned' || handoff === 'ended') {
    return <PhoneNotice status={handoff} />;
  }
  if (handoff === 'away') {
    return (
      <section className="step" data-step={flow.step} data-state="handoff.away">
        <AwayNotice />
      </section>
    );
  }
  if (flow.drivenElsewhere) {
    return (
      <p className="notice warn" role="status">
        This verification is open in another tab. Carry on there, or close that tab to carry on
        here.
      </p>
    );
  }
  return (
    <div className="stack">
      <Progress />
      {/* The one live region: a line per step, never the forms themselves. */}
      <p className="visually-hidden" role="status" data-testid="step-status">
        {stepAnnouncement(flow)}
      </p>
      <Offline />
      <section className="step" data-step={flow.step} data-state={flow.state}>
        <StepHeadings>
          <Step />
        </StepHeadings>
      </section>
      <FlowFooter />
    </div>
  );
}
