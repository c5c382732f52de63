import { type DocumentType, useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';
import { StepHeading } from '../flow/StepHeading';
import { ContinueOnPhone } from '../handoff/ContinueOnPhone';
import { FilePicker } from '../ui/FilePicker';
import { Spinner } from '../ui/Spinner';
import { countryLabel, documentLabel } from '../words';
import { UploadStatus } from './UploadStatus';

const FALLBACK_TYPES: DocumentType[] = ['INTERNATIONAL_PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE'];

function Reading() {
  return (
    <div className="stack">
      <StepHeading>Reading your document</StepHeading>
      <p className="working">
        <Spinner />
        This usually takes a few seconds.
      </p>
    </div>
  );
}

function Unreadable() {
  const flow = useKycFlowContext();
  return (
    <div className="stack">
      <StepHeading>We could not read your document</StepHeading>
      <p>
        The photos may be blurred, too dark or have glare on them. Please take new photos in good
        light, with the whole document in view.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={flow.retake}>
          Take new photos
        </button>
      </div>
    </div>
  );
}

function Capture() {
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!front) return;
    void flow.submitIdentityDocument({ documentType, region, front, ...(back ? { back } : {}) });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <StepHeading>Your ID document</StepHeading>
      <p>Upload clear photos of an identity document issued in {countryLabel(region)}.</p>
      <label>
        Document type
        <select
          value={documentType}
          onChange={(e) => setDocumentType(e.target.value as DocumentType)}
        >
          {types.map((type) => (
            <option key={type} value={type}>
              {documentLabel(type)}
            </option>
          ))}
        </select>
      </label>
      <FilePicker
        label="Front of the document"
        file={front}
        onChange={setFront}
        disabled={sending}
      />
      <FilePicker
        label="Back of the document"
        hint="(if it has one)"
        file={back}
        onChange={setBack}
        disabled={sending}
      />
      <UploadStatus label="Document photos" upload={upload} />
      <div className="actions">
        <button type="submit" className="primary" disabled={!front || sending}>
          {sending ? 'Uploading…' : 'Upload and continue'}
        </button>
      </div>
      {sending ? null : <ContinueOnPhone />}
    </form>
  );
}

export function IdentityDocumentStep() {
  const { state } = useKycFlowContext();
  if (state.endsWith('.extracting')) return <Reading />;
  if (state.endsWith('.ocrFailed')) return <Unreadable />;
  return <Capture />;
}
