import { useKycFlowContext } from 'kyc-flow/react';
import { useEffect, useRef, useState } from 'react';
import { UploadBar } from '../notices';

/**
 * Stands in for a camera and a liveness vendor: draws a "selfie" on a canvas. What happens
 * next is real: the picture is uploaded through the proxy and the liveness result submitted.
 */
function simulateCapture(canvas: HTMLCanvasElement): Promise<File> {
  const context = canvas.getContext('2d');
  if (context) {
    const gradient = context.createLinearGradient(0, 0, canvas.width, canvas.height);
    gradient.addColorStop(0, '#cfe3ff');
    gradient.addColorStop(1, '#f5e1ff');
    context.fillStyle = gradient;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#f2c9a0';
    context.beginPath();
    context.ellipse(120, 115, 58, 72, 0, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = '#3b2a20';
    for (const x of [98, 142]) {
      context.beginPath();
      context.arc(x, 100, 7, 0, Math.PI * 2);
      context.fill();
    }
    context.strokeStyle = '#8a4b3a';
    context.lineWidth = 4;
    context.beginPath();
    context.arc(120, 135, 22, 0.15 * Math.PI, 0.85 * Math.PI);
    context.stroke();
    context.fillStyle = '#333';
    context.font = '12px sans-serif';
    context.fillText(new Date().toLocaleTimeString(), 8, canvas.height - 8);
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (blob) resolve(new File([blob], 'selfie.png', { type: 'image/png' }));
      else reject(new Error('the capture failed'));
    }, 'image/png'),
  );
}

export function LivenessStep() {
  const flow = useKycFlowContext();
  const canvas = useRef<HTMLCanvasElement>(null);
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
    if (!canvas.current) return;
    const file = await simulateCapture(canvas.current);
    setCapture(file);
    setPreview(URL.createObjectURL(file));
  };

  return (
    <div className="stack">
      <h2>Take a selfie</h2>
      <p>We check that you are really there. Look straight at the camera, in good light.</p>
      <div className="camera">
        <canvas ref={canvas} width={240} height={240} hidden={preview !== null} />
        {preview ? (
          <img src={preview} alt="Your selfie" width={240} height={240} />
        ) : (
          <p className="muted">Simulated camera</p>
        )}
      </div>
      {upload ? (
        <UploadBar
          label="Selfie"
          loaded={upload.loaded}
          {...(upload.total ? { total: upload.total } : {})}
        />
      ) : null}
      {upload?.status === 'failed' ? <p className="notice error">{upload.error}</p> : null}
      <div className="actions">
        <button type="button" onClick={() => void take()} disabled={sending}>
          {capture ? 'Take another' : 'Take selfie'}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!capture || sending}
          onClick={() => {
            if (capture) {
              void flow.submitLiveness({
                face: capture,
                scores: { qualityScore: 0.97, brightnessScore: 0.82, brightnessStatus: 'GOOD' },
              });
            }
          }}
        >
          {sending ? 'Sending…' : 'Use this selfie'}
        </button>
      </div>
    </div>
  );
}
