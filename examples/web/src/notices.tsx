import { useKycFlowContext } from 'kyc-flow/react';

export function OfflineNotice() {
  const { online } = useKycFlowContext();
  if (online) return null;
  return (
    <p className="notice warn" role="status">
      You are offline. Nothing is lost: the verification carries on as soon as you are back.
    </p>
  );
}

/** The last error the flow reported while it waits for the customer (a refused input, a wrong code). */
export function ErrorNotice() {
  const { error } = useKycFlowContext();
  if (!error) return null;
  return (
    <p className="notice error" role="alert">
      {error.message}
      {error.apiCode ? <span className="muted small"> (code {error.apiCode})</span> : null}
    </p>
  );
}

export function UploadBar({
  label,
  loaded,
  total,
}: {
  label: string;
  loaded: number;
  total?: number;
}) {
  const percent = total ? Math.round((loaded / total) * 100) : undefined;
  return (
    <div className="upload">
      <span>{label}</span>
      <progress max={100} value={percent ?? 0} aria-label={`${label} upload`} />
      <span className="muted small">{percent === undefined ? '…' : `${percent}%`}</span>
    </div>
  );
}
