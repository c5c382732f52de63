import { useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';
import { useDemo } from '../demo-context';
import { StepHeading } from '../flow/StepHeading';
import { Spinner } from '../ui/Spinner';
import { EnterCode } from './EnterCode';

const channelWords = (step: string) =>
  step === 'phoneOtp'
    ? { channel: 'phone', where: 'mobile number', field: 'Mobile number', type: 'tel' }
    : { channel: 'email', where: 'email address', field: 'Email address', type: 'email' };
export type ChannelWords = ReturnType<typeof channelWords>;

/** Where to send the code: the node's address, else the one given on the landing page. */
function SendCode({ words }: { readonly words: ChannelWords }) {
  const flow = useKycFlowContext();
  const { customer } = useDemo();
  const [identity, setIdentity] = useState(
    () =>
      flow.node?.config?.identity ??
      flow.otp?.identity ??
      (words.channel === 'phone' ? customer.phone : customer.email) ??
      '',
  );
  const sending = flow.state.endsWith('.sending');
  const send = (event: FormEvent) => {
    event.preventDefault();
    flow.sendOtp(identity.trim());
  };
  return (
    <form className="stack" onSubmit={send}>
      <StepHeading>{`Confirm your ${words.where}`}</StepHeading>
      <p>We will send you a six-digit code to check that it is yours.</p>
      <label>
        {words.field}
        <input
          type={words.type}
          required
          autoComplete={words.channel === 'email' ? 'email' : 'tel'}
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

/** The code was accepted; the flow is on its way to the next step. */
function Confirmed({ words }: { readonly words: ChannelWords }) {
  const capitalised = words.where.charAt(0).toUpperCase() + words.where.slice(1);
  return (
    <div className="stack">
      <StepHeading>{`${capitalised} confirmed`}</StepHeading>
      <p className="working">
        <Spinner />
        Thank you. Taking you to the next step…
      </p>
    </div>
  );
}

export function OtpStep() {
  const flow = useKycFlowContext();
  const words = channelWords(flow.step);
  const moment = flow.state.split('.').slice(2).join('.');
  if (moment === 'verified') return <Confirmed words={words} />;
  if (moment === 'awaitingIdentity' || moment === 'sending') return <SendCode words={words} />;
  return <EnterCode words={words} />;
}
