import type { OcrResult } from 'kyc-flow/react';
import { countryLabel, documentLabel, humanise, longDate, titleCase } from '../words';

/** How each field the OCR may return is named and shown; others by their name, in words. */
const FIELDS: Readonly<Record<string, readonly [string, (value: string) => string]>> = {
  documentType: ['Document', documentLabel],
  documentNumber: ['Document number', (value) => value],
  name: ['Name', titleCase],
  dateOfBirth: ['Date of birth', longDate],
  nationality: ['Nationality', countryLabel],
  sex: ['Sex', titleCase],
  expiryDate: ['Valid until', longDate],
  issueDate: ['Issued on', longDate],
  issuingCountry: ['Issued by', countryLabel],
};

const shown = (value: unknown): value is string | number =>
  (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';

/** What the OCR read from the document, for the customer to check. */
export function OcrSummary({ read }: { readonly read: OcrResult }) {
  const rows = Object.entries(read).filter((entry): entry is [string, string | number] =>
    shown(entry[1]),
  );
  return (
    <section className="ocr" aria-labelledby="ocr-title">
      <h3 id="ocr-title">What we read from your document</h3>
      <p>Check these details. If anything is wrong, correct it in the form below.</p>
      <dl>
        {rows.map(([field, value]) => {
          const [label, format] = FIELDS[field] ?? [humanise(field), String];
          return (
            <div key={field}>
              <dt>{label}</dt>
              <dd className={field === 'documentNumber' ? 'code' : undefined}>
                {format(String(value))}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
