import type { UploadState } from 'kyc-flow/react';

/** A transfer as the customer follows it: a labelled bar while it runs, or what went wrong. */
export function UploadStatus({ label, upload }: { label: string; upload?: UploadState }) {
  if (!upload || upload.status === 'sent') return null;
  if (upload.status === 'failed') {
    return (
      <p className="notice error" role="alert">
        {label} could not be sent. {upload.error}
      </p>
    );
  }
  const percent = upload.total ? Math.round((upload.loaded / upload.total) * 100) : undefined;
  return (
    <div className="upload">
      <span>Sending {label.toLowerCase()}</span>
      <progress max={100} value={percent ?? 0} aria-label={`${label} upload`} />
      <span className="hint-text">{percent === undefined ? '…' : `${percent}%`}</span>
    </div>
  );
}
