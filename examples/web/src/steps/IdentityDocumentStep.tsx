import { type DocumentType, useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';
import { UploadBar } from '../notices';

export const DOCUMENT_LABELS: Record<string, string> = {
  INTERNATIONAL_PASSPORT: 'Passport',
  NATIONAL_ID: 'National ID card',
  DRIVING_LICENCE: 'Driving licence',
  RESIDENCE_PERMIT: 'Residence permit',
  UTILITY_TELEPHONE_BILL: 'Utility or telephone bill',
  BANK_STATEMENT: 'Bank statement',
  CUSTOMER_ACCEPTANCE_FORM: 'Customer acceptance form',
  SELF_IMAGE: 'Photo of yourself',
};

const FALLBACK_TYPES: DocumentType[] = ['INTERNATIONAL_PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE'];

export function IdentityDocumentStep() {
  const flow = useKycFlowContext();
  const types = flow.node?.config?.acceptedDocumentTypes ?? FALLBACK_TYPES;
  const region = flow.node?.config?.region ?? 'SG';
  const [documentType, setDocumentType] = useState<DocumentType>(
    types[0] ?? 'INTERNATIONAL_PASSPORT',
  );
  const [front, setFront] = useState<File | null>(null);
  const [back, setBack] = useState<File | null>(null);
  const upload = flow.uploads.identityDocument;
  const sending = upload?.status === 'uploading' || flow.state.endsWith('.submitting');

  if (flow.state.endsWith('.extracting')) {
    return (
      <div className="working" role="status">
        <span className="spinner" aria-hidden="true" />
        <p>Reading your document… this usually takes a few seconds.</p>
      </div>
    );
  }
  if (flow.state.endsWith('.ocrFailed')) {
    return (
      <div className="stack">
        <h2>We could not read your document</h2>
        <p>
          {flow.ocr?.reason ?? 'The photo was not clear enough.'} Please take new photos in good
          light, without glare.
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={flow.retake}>
            Retake photos
          </button>
        </div>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!front) return;
    void flow.submitIdentityDocument({ documentType, region, front, ...(back ? { back } : {}) });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <h2>Your ID document</h2>
      <p>Upload clear photos of an identity document issued in {region}.</p>
      <label>
        Document type
        <select
          value={documentType}
          onChange={(e) => setDocumentType(e.target.value as DocumentType)}
        >
          {types.map((type) => (
            <option key={type} value={type}>
              {DOCUMENT_LABELS[type] ?? type}
            </option>
          ))}
        </select>
      </label>
      <label>
        Front of the document
        <input
          type="file"
          accept="image/*,.pdf"
          required
          onChange={(e) => setFront(e.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        Back of the document <span className="muted small">(if it has one)</span>
        <input
          type="file"
          accept="image/*,.pdf"
          onChange={(e) => setBack(e.target.files?.[0] ?? null)}
        />
      </label>
      {upload ? (
        <UploadBar
          label="Document photos"
          loaded={upload.loaded}
          {...(upload.total ? { total: upload.total } : {})}
        />
      ) : null}
      {upload?.status === 'failed' ? <p className="notice error">{upload.error}</p> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={!front || sending}>
          {sending ? 'Uploading…' : 'Upload and continue'}
        </button>
      </div>
    </form>
  );
}
