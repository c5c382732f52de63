import { useCountdown, useKycFlowContext } from 'kyc-flow/react';
import { useState } from 'react';
import { useDemo } from '../demo-context';
import { QrCode } from './QrCode';

const minutes = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** The open link: a QR code to scan, the address to copy, and how long it works. */
function Offered({ url, expiresAt }: { readonly url: string; readonly expiresAt?: number }) {
  const flow = useKycFlowContext();
  const left = useCountdown(expiresAt);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(url).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="handoff stack" data-testid="handoff-offered">
      <p>
        Scan this code with your phone's camera, or open the link on your phone. It works once, for
        the next {minutes(left)}.
      </p>
      <QrCode text={url} label="QR code of the link to continue on your phone" />
      <label>
        Link for your phone
        <input type="text" readOnly value={url} onFocus={(event) => event.target.select()} />
      </label>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" className="link" onClick={() => void flow.takeBack()}>
          Stay on this device
        </button>
      </div>
    </div>
  );
}

/**
 * "Continue on your phone" beside the steps that want a camera: a one-time link to this
 * verification, shown as a QR code and an address to copy. The phone takes the photos and
 * gives the verification back; this page follows meanwhile.
 */
export function ContinueOnPhone() {
  const flow = useKycFlowContext();
  const { canHandOff } = useDemo();
  const [problem, setProblem] = useState<string>();
  if (!canHandOff) return null;
  const state = flow.handoffState;
  if (state?.status === 'offered' && state.url) {
    return <Offered url={state.url} {...(state.expiresAt ? { expiresAt: state.expiresAt } : {})} />;
  }
  const offer = () => {
    setProblem(undefined);
    flow.handoff().catch(() => setProblem('The link could not be made. Please try again.'));
  };
  return (
    <div className="handoff stack">
      {state?.status === 'expired' ? (
        <p className="notice warn">
          The link expired before it was opened. You can make a new one.
        </p>
      ) : null}
      {problem ? <p className="notice warn">{problem}</p> : null}
      <div className="actions">
        <button type="button" onClick={offer}>
          Continue on your phone
        </button>
      </div>
    </div>
  );
}
