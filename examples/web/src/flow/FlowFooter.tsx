import { useKycFlowContext } from 'kyc-flow/react';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Leaving the flow: both ways ask first, and look unlike the step's own buttons. */
export function FlowFooter() {
  const flow = useKycFlowContext();
  const [asking, setAsking] = useState<'startOver' | 'cancel' | null>(null);
  // On the phone a verification was handed to, starting over or cancelling is the computer's to do.
  if (flow.done || flow.handoffState?.status === 'here') return null;
  const close = () => setAsking(null);
  return (
    <footer className="flow-footer">
      <button type="button" className="quiet" onClick={() => setAsking('startOver')}>
        Start over
      </button>
      <button type="button" className="quiet danger-text" onClick={() => setAsking('cancel')}>
        Cancel verification
      </button>
      <ConfirmDialog
        open={asking === 'startOver'}
        title="Start over?"
        confirm="Start over"
        onConfirm={() => flow.flow.discard()}
        onClose={close}
      >
        <p>
          Everything you have done so far is discarded, including your photos and codes, and a new
          verification begins.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'cancel'}
        title="Cancel your verification?"
        confirm="Cancel verification"
        onConfirm={flow.cancel}
        onClose={close}
      >
        <p>
          We stop checking your identity, and your account cannot be opened until you start a new
          verification.
        </p>
      </ConfirmDialog>
    </footer>
  );
}
