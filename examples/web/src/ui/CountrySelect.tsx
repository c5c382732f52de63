import { countryOptions } from 'kyc-flow/countries';
import { useMemo } from 'react';
import { pageLocale } from '../words';

/**
 * A country picker by name (ISO 3166 codes underneath); where the browser cannot name
 * countries, a two-letter code field instead.
 */
export function CountrySelect({
  label,
  value,
  onChange,
  required = false,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (code: string) => void;
  readonly required?: boolean;
}) {
  const options = useMemo(() => countryOptions(pageLocale()), []);
  if (options.length === 0) {
    return (
      <label>
        <span>
          {label} <span className="hint-text">(two-letter country code, such as SG)</span>
        </span>
        <input
          required={required}
          pattern="[A-Za-z]{2}"
          maxLength={2}
          value={value}
          onChange={(event) => onChange(event.target.value.toUpperCase())}
        />
      </label>
    );
  }
  return (
    <label>
      {label}
      <select required={required} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose a country</option>
        {options.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </select>
    </label>
  );
}
