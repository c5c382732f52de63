import { useCountdown, useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';
import { useDemo } from '../demo-context';
import { StepHeading } from '../flow/StepHeading';
import { count } from '../words';
import type { ChannelWords } from './OtpStep';

/**
 * What the customer learns of a wrong code. The flow does not send a code the gateway
 * turned down again (`OTP_CODE_REFUSED`: no attempt spent), so a repeat says it is still
 * not right.
 */
function WrongCode({ checks, repeated }: { readonly checks: number; readonly repeated: boolean }) {
  const { otp } = useKycFlowContext();
  const left = otp?.remainingAttempts;
  return (
    // A new node for each check, so that a repeat is announced again.
    <p key={checks} className="notice error flash" role="alert">
      {repeated
        ? 'You entered the same code again, and it is still not right.'
        : 'That code is not right.'}
      {left !== undefined ? ` You have ${count(left, 'attempt')} left.` : ''}
    </p>
  );
}

function ResendCode({
  verifying,
  primary = false,
}: {
  readonly verifying: boolean;
  /** The only way on (after too many wrong codes). */
  readonly primary?: boolean;
}) {
  const flow = useKycFlowContext();
  const secondsLeft = useCountdown(flow.otp?.resendAvailableAt);
  return (
    <>
      <button
        type="button"
        className={primary ? 'primary' : undefined}
        onClick={flow.resendOtp}
        disabled={!flow.canResend || verifying}
      >
        Send a new code
      </button>
      {secondsLeft > 0 ? (
        <p className="hint-text wide">
          You can ask for a new code in {count(secondsLeft, 'second')}.
        </p>
      ) : null}
    </>
  );
}

/** After too many wrong codes: only a new code helps, once the cooldown is over. */
function LockedOut({ words }: { readonly words: ChannelWords }) {
  const { otp } = useKycFlowContext();
  return (
    <div className="stack">
      <StepHeading>Ask for a new code</StepHeading>
      <p>
        For your security, the code we sent to {otp?.identity ?? `your ${words.where}`} can no
        longer be used.
      </p>
      <div className="actions">
        <ResendCode verifying={false} primary />
      </div>
    </div>
  );
}

/**
 * Sends codes for checking and counts them, so that each answer is a new notice (announced
 * again); a repeat is refused by the flow at once, with nothing sent.
 */
function useCodeChecks() {
  const flow = useKycFlowContext();
  const [checks, setChecks] = useState(0);
  const check = (code: string) => {
    setChecks((count) => count + 1);
    flow.verifyOtp(code);
  };
  const wrong = flow.state.endsWith('.wrongCode');
  const repeated = flow.error?.code === 'OTP_CODE_REFUSED';
  return { checks, check, wrong, repeated };
}

export function EnterCode({ words }: { readonly words: ChannelWords }) {
  const flow = useKycFlowContext();
  const { config } = useDemo();
  const [code, setCode] = useState('');
  const { checks, check, wrong, repeated } = useCodeChecks();
  const verifying = flow.state.endsWith('.verifying');
  if (flow.state.includes('.locked')) return <LockedOut words={words} />;

  const verify = (event: FormEvent) => {
    event.preventDefault();
    check(code.trim());
    setCode('');
  };
  return (
    <form className="stack" onSubmit={verify}>
      <StepHeading showError={!repeated}>Enter the code</StepHeading>
      <p>
        We sent a six-digit code to <strong>{flow.otp?.identity ?? `your ${words.where}`}</strong>.
      </p>
      <p className="sandbox-hint">Sandbox: the code is always {config.otpCode}.</p>
      {wrong ? <WrongCode checks={checks} repeated={repeated} /> : null}
      <label>
        Code
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          className="code-input"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={verifying}>
          {verifying ? 'Checking…' : 'Verify'}
        </button>
        <ResendCode verifying={verifying} />
      </div>
    </form>
  );
}
