import { useKycFlowContext } from 'kyc-flow/react';
import type { DemoConfig } from './demo-config';
import { ErrorNotice, OfflineNotice } from './notices';
import { FormsStep } from './steps/FormsStep';
import { IdentityDocumentStep } from './steps/IdentityDocumentStep';
import { LivenessStep } from './steps/LivenessStep';
import { NeedsAttention } from './steps/NeedsAttention';
import { OtpStep } from './steps/OtpStep';
import { Outcome } from './steps/Outcome';
import { ParticularsStep } from './steps/ParticularsStep';
import { PendingReview } from './steps/PendingReview';
import { RequiredDocumentsStep } from './steps/RequiredDocumentsStep';
import { Suspended } from './steps/Suspended';
import { UnknownNode } from './steps/UnknownNode';
import { Working } from './steps/Working';

const STEPS = [
  ['identityDocument', 'ID document'],
  ['particulars', 'Your details'],
  ['liveness', 'Selfie'],
  ['emailOtp', 'Email'],
  ['phoneOtp', 'Phone'],
  ['requiredDocuments', 'Documents'],
  ['requiredForms', 'Form'],
  ['screenCheck', 'Checks'],
] as const;

function Progress({ step }: { readonly step: string }) {
  const at = STEPS.findIndex(([name]) => name === step);
  return (
    <ol className="progress" aria-label="Progress">
      {STEPS.map(([name, label], index) => (
        <li
          key={name}
          className={index === at ? 'current' : index < at ? 'done' : ''}
          aria-current={index === at ? 'step' : undefined}
        >
          {label}
        </li>
      ))}
    </ol>
  );
}

function Step({ config }: { readonly config: DemoConfig }) {
  const flow = useKycFlowContext();
  switch (flow.step) {
    case 'identityDocument':
      return <IdentityDocumentStep />;
    case 'particulars':
      return <ParticularsStep />;
    case 'liveness':
      return <LivenessStep />;
    case 'emailOtp':
    case 'phoneOtp':
      return <OtpStep key={flow.step} config={config} />;
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
    default:
      return <Working />;
  }
}

export function StepView({
  config,
  onLeave,
}: {
  readonly config: DemoConfig;
  readonly onLeave: () => void;
}) {
  const flow = useKycFlowContext();
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
      <Progress step={flow.step} />
      <OfflineNotice />
      {flow.step !== 'suspended' && flow.step !== 'needsAttention' && !flow.done ? (
        <ErrorNotice />
      ) : null}
      <section aria-live="polite" data-step={flow.step} data-state={flow.state}>
        <Step config={config} />
      </section>
      <footer className="actions split">
        {flow.done ? null : (
          <button
            type="button"
            className="link"
            onClick={() => {
              if (window.confirm('Cancel this verification?')) flow.cancel();
            }}
          >
            Cancel verification
          </button>
        )}
        {/* Forgets this verification and begins a new one for the same customer, here. */}
        <button type="button" className="link" onClick={() => flow.flow.discard()}>
          {flow.done ? 'Start a new verification' : 'Start over'}
        </button>
        <button type="button" className="link" onClick={onLeave}>
          Choose another customer
        </button>
      </footer>
    </div>
  );
}
