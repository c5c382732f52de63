import { useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useEffect, useState } from 'react';
import type { DemoConfig } from '../demo-config';

/** Re-renders every `ms` while `active`, for a countdown. */
function useNow(active: boolean, ms = 250): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}

export function OtpStep({ config }: { readonly config: DemoConfig }) {
  const flow = useKycFlowContext();
  const channel = flow.step === 'phoneOtp' ? 'phone' : 'email';
  // The node may name the address; else the one the customer gave when starting.
  const [identity, setIdentity] = useState(
    () =>
      flow.node?.config?.identity ??
      flow.otp?.identity ??
      new URLSearchParams(window.location.search).get(channel) ??
      '',
  );
  const [code, setCode] = useState('');
  const otp = flow.otp;
  // After too many wrong codes the code is spent: only a resend (after its cooldown) helps.
  const locked = flow.state.includes('.locked');
  const codeSent =
    locked ||
    flow.state.endsWith('.codeSent') ||
    flow.state.endsWith('.wrongCode') ||
    flow.state.endsWith('.verifying');
  const waitUntil = otp?.resendAvailableAt ?? 0;
  const now = useNow(codeSent && waitUntil > Date.now());
  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const where = channel === 'email' ? 'email address' : 'mobile number';

  if (!codeSent) {
    const send = (event: FormEvent) => {
      event.preventDefault();
      flow.sendOtp(identity.trim());
    };
    const sending = flow.state.endsWith('.sending');
    return (
      <form className="stack" onSubmit={send}>
        <h2>Confirm your {where}</h2>
        <p>We will send you a six-digit code.</p>
        <label>
          {channel === 'email' ? 'Email address' : 'Mobile number'}
          <input
            type={channel === 'email' ? 'email' : 'tel'}
            required
            value={identity}
            onChange={(e) => setIdentity(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={sending}>
            {sending ? 'Sending…' : 'Send code'}
          </button>
        </div>
      </form>
    );
  }

  const verify = (event: FormEvent) => {
    event.preventDefault();
    flow.verifyOtp(code.trim());
    setCode('');
  };
  const verifying = flow.state.endsWith('.verifying');
  return (
    <form className="stack" onSubmit={verify}>
      <h2>Enter the code</h2>
      <p>
        We sent a code to {otp?.identity ?? `your ${where}`}.{' '}
        <span className="hint">Sandbox: the code is always {config.otpCode}.</span>
      </p>
      {flow.state.endsWith('.wrongCode') ? (
        <p className="notice error" role="alert">
          That code is not right.
          {otp?.remainingAttempts !== undefined ? ` ${otp.remainingAttempts} attempts left.` : ''}
        </p>
      ) : null}
      {locked ? (
        <p className="notice error" role="alert">
          Too many wrong codes. Ask for a new code to try again.
        </p>
      ) : null}
      <label>
        Code
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={verifying || locked}>
          {verifying ? 'Checking…' : 'Verify'}
        </button>
        <button type="button" onClick={flow.resendOtp} disabled={secondsLeft > 0 || verifying}>
          {secondsLeft > 0 ? `Resend code in ${secondsLeft}s` : 'Resend code'}
        </button>
      </div>
      {otp ? <p className="muted small">Codes sent: {otp.sends}</p> : null}
    </form>
  );
}
