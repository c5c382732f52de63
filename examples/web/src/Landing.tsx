import { type FormEvent, useState } from 'react';
import { type DemoCustomer, sampleCustomer } from './customer';
import type { DemoConfig } from './demo-config';

const DESCRIPTIONS: Record<string, string> = {
  full: 'every step, then approved',
  minimal: 'particulars and liveness only',
  'manual-review': 'every step, then a person decides',
  rejected: 'screening rejects the customer',
  failed: 'the workflow fails after screening',
  timeout: 'the workflow times out',
  cancelled: 'the workflow is cancelled',
  'ocr-failure': 'the first document photo cannot be read',
};

export function Landing({
  config,
  onStart,
}: {
  readonly config: DemoConfig;
  readonly onStart: (customer: DemoCustomer) => void;
}) {
  const [scenario, setScenario] = useState('full');
  const [sample, setSample] = useState(() => sampleCustomer('full'));
  const [email, setEmail] = useState(sample.email ?? '');
  const [phone, setPhone] = useState(sample.phone ?? '');

  const pick = (next: string) => {
    setScenario(next);
    setSample(sampleCustomer(next));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart({ customerId: sample.customerId, email, phone });
  };

  return (
    <form onSubmit={submit} className="stack">
      <h2>Let's verify who you are</h2>
      <p>
        It takes a few minutes: a photo of your ID, your details, a selfie, two codes, a bill and a
        short form. You can reload the page at any time and carry on where you were.
      </p>
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Mobile phone
        <input type="tel" required value={phone} onChange={(e) => setPhone(e.target.value)} />
      </label>
      <label>
        Sandbox scenario
        <select value={scenario} onChange={(e) => pick(e.target.value)}>
          {config.scenarios.map((name) => (
            <option key={name} value={name}>
              {name} — {DESCRIPTIONS[name] ?? 'custom'}
            </option>
          ))}
        </select>
      </label>
      <p className="hint-text">
        Customer id <code>{sample.customerId}</code> (the <code>+{scenario}</code> tag tells the
        sandbox what to do).
      </p>
      <button type="submit" className="primary">
        Start verification
      </button>
    </form>
  );
}
