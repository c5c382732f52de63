import { useKycFlowContext } from 'kyc-flow/react';
import { useEffect, useState } from 'react';
import { StepHeading } from '../flow/StepHeading';
import { ContinueOnPhone } from '../handoff/ContinueOnPhone';
import { simulateSelfie } from './simulated-selfie';
import { UploadStatus } from './UploadStatus';

/** The camera's frame before a picture: an outline to put one's face in, and what to do. */
function Viewfinder() {
  return (
    <div className="camera empty">
      <svg viewBox="0 0 240 240" aria-hidden="true">
        <ellipse cx="120" cy="112" rx="62" ry="80" />
      </svg>
      <p>Camera preview (simulated)</p>
    </div>
  );
}

export function LivenessStep() {
  const flow = useKycFlowContext();
  const [capture, setCapture] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const upload = flow.uploads.liveness;
  const sending = upload?.status === 'uploading' || flow.state.endsWith('.submitting');

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );

  const take = async () => {
    const file = await simulateSelfie();
    setCapture(file);
    setPreview(URL.createObjectURL(file));
  };

  return (
    <div className="stack">
      <StepHeading>Take a selfie</StepHeading>
      <p>We check that you are really there. Look straight at the camera, in good light.</p>
      {preview ? (
        <div className="camera">
          <img src={preview} alt="Your selfie" width={240} height={240} />
        </div>
      ) : (
        <Viewfinder />
      )}
      <UploadStatus label="Selfie" upload={upload} />
      <div className="actions">
        <button
          type="button"
          className={capture ? undefined : 'primary'}
          onClick={() => void take()}
          disabled={sending}
        >
          {capture ? 'Take another' : 'Take selfie'}
        </button>
        {capture ? (
          <button
            type="button"
            className="primary"
            disabled={sending}
            onClick={() =>
              void flow.submitLiveness({
                face: capture,
                scores: { qualityScore: 0.97, brightnessScore: 0.82, brightnessStatus: 'GOOD' },
              })
            }
          >
            {sending ? 'Sending…' : 'Use this selfie'}
          </button>
        ) : null}
      </div>
      {sending ? null : <ContinueOnPhone />}
    </div>
  );
}
