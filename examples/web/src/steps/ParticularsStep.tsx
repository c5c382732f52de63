import { countryName } from 'kyc-flow/countries';
import { useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';
import { StepHeading } from '../flow/StepHeading';
import { CountrySelect } from '../ui/CountrySelect';
import { titleCase } from '../words';
import { OcrSummary } from './OcrSummary';

const SEXES = ['MALE', 'FEMALE', 'OTHER'] as const;
type Sex = (typeof SEXES)[number];

const asSex = (value: string | undefined): Sex | '' =>
  SEXES.find((sex) => sex === value?.toUpperCase()) ?? '';

/** A code the OCR read, kept only if it names a country (else the customer picks one). */
const asCountry = (code: string | undefined): string =>
  code && countryName(code) ? code.toUpperCase() : '';

function SexSelect({ value, onChange }: { value: Sex | ''; onChange: (sex: Sex | '') => void }) {
  return (
    <label>
      Sex
      <select value={value} onChange={(e) => onChange(asSex(e.target.value))}>
        <option value="">Prefer not to say</option>
        {SEXES.map((option) => (
          <option key={option} value={option}>
            {titleCase(option)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ParticularsStep() {
  const flow = useKycFlowContext();
  const read = flow.ocr?.status === 'succeeded' ? flow.ocr.result : undefined;
  const [name, setName] = useState(read?.name ? titleCase(read.name) : '');
  const [dateOfBirth, setDateOfBirth] = useState(read?.dateOfBirth ?? '');
  const [nationality, setNationality] = useState(asCountry(read?.nationality));
  const [residence, setResidence] = useState(asCountry(read?.nationality));
  const [sex, setSex] = useState<Sex | ''>(asSex(read?.sex));
  const [address, setAddress] = useState('');
  const sending = flow.state.endsWith('.submitting');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    flow.submitParticulars({
      name: name.trim(),
      dateOfBirth,
      nationality,
      ...(sex ? { sex } : {}),
      ...(residence ? { countryOfResidence: residence } : {}),
      ...(address.trim() ? { address: address.trim() } : {}),
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <StepHeading>Confirm your details</StepHeading>
      {read ? <OcrSummary read={read} /> : <p>Tell us who you are, as it appears on your ID.</p>}
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
          autoComplete="bday"
          onChange={(e) => setDateOfBirth(e.target.value)}
        />
      </label>
      <CountrySelect label="Nationality" required value={nationality} onChange={setNationality} />
      <CountrySelect label="Country you live in" value={residence} onChange={setResidence} />
      <SexSelect value={sex} onChange={setSex} />
      <label>
        <span>
          Home address <span className="hint-text">(optional)</span>
        </span>
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
