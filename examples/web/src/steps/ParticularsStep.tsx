import { useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';

const SEXES = ['MALE', 'FEMALE', 'OTHER'] as const;
type Sex = (typeof SEXES)[number];

const asSex = (value: string | undefined): Sex | '' =>
  SEXES.find((sex) => sex === value?.toUpperCase()) ?? '';

/** Title case for what OCR reads in capitals: JOHN SMITH → John Smith. */
const titleCase = (text: string) =>
  text.toLowerCase().replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());

export function ParticularsStep() {
  const flow = useKycFlowContext();
  const read = flow.ocr?.status === 'succeeded' ? flow.ocr.result : undefined;
  const [name, setName] = useState(read?.name ? titleCase(read.name) : '');
  const [dateOfBirth, setDateOfBirth] = useState(read?.dateOfBirth ?? '');
  const [nationality, setNationality] = useState(read?.nationality ?? '');
  const [sex, setSex] = useState<Sex | ''>(asSex(read?.sex));
  const [address, setAddress] = useState('');
  const sending = flow.state.endsWith('.submitting');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    flow.submitParticulars({
      name: name.trim(),
      dateOfBirth,
      nationality: nationality.trim().toUpperCase(),
      ...(sex ? { sex } : {}),
      countryOfResidence: nationality.trim().toUpperCase(),
      ...(address.trim() ? { address: address.trim() } : {}),
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <h2>Confirm your details</h2>
      {read ? (
        <div className="ocr">
          <p>We read this from your document. Check it, and correct anything that is wrong.</p>
          <dl>
            {Object.entries(read).map(([field, value]) => (
              <div key={field}>
                <dt>{field}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : (
        <p>Tell us who you are, as it appears on your ID.</p>
      )}
      <label>
        Full name
        <input
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
        />
      </label>
      <label>
        Date of birth
        <input
          type="date"
          required
          value={dateOfBirth}
          onChange={(e) => setDateOfBirth(e.target.value)}
        />
      </label>
      <label>
        Nationality <span className="muted small">(two-letter country code)</span>
        <input
          required
          pattern="[A-Za-z]{2}"
          maxLength={2}
          value={nationality}
          onChange={(e) => setNationality(e.target.value)}
        />
      </label>
      <label>
        Sex
        <select value={sex} onChange={(e) => setSex(asSex(e.target.value))}>
          <option value="">Prefer not to say</option>
          {SEXES.map((option) => (
            <option key={option} value={option}>
              {titleCase(option)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Home address <span className="muted small">(optional)</span>
        <input
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          autoComplete="street-address"
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Sending…' : 'Confirm my details'}
        </button>
      </div>
    </form>
  );
}
