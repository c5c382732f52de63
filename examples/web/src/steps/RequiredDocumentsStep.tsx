import { type DocumentType, useKycFlowContext } from 'kyc-flow/react';
import { useState } from 'react';
import { StepHeading } from '../flow/StepHeading';
import { FilePicker } from '../ui/FilePicker';
import { documentLabel } from '../words';
import { UploadStatus } from './UploadStatus';

type Chosen = Partial<Record<DocumentType, File>>;

function Received({ file }: { readonly file: File | undefined }) {
  return (
    <p className="received-note">
      <svg className="tick" viewBox="0 0 24 24" aria-hidden="true">
        <path d="M6 12.5l4 4L18 8.5" />
      </svg>
      Received{file ? `: ${file.name}` : ''}
    </p>
  );
}

/** One document the node asks for: chosen (and replaceable), sending, or received. */
function DocumentCard({
  docType,
  isRequired,
  received,
  file,
  busy,
  onChoose,
  onRemove,
}: {
  readonly docType: DocumentType;
  readonly isRequired: boolean;
  readonly received: boolean;
  readonly file: File | undefined;
  readonly busy: boolean;
  readonly onChoose: (file: File) => void;
  readonly onRemove: () => void;
}) {
  const { uploads } = useKycFlowContext();
  const label = documentLabel(docType);
  return (
    <li data-doc={docType} className={received ? 'received' : ''}>
      <div className="document-head">
        <strong>{label}</strong>
        <span className={`tag ${isRequired ? 'required' : ''}`}>
          {isRequired ? 'Required' : 'Optional'}
        </span>
      </div>
      {received ? (
        <Received file={file} />
      ) : (
        <FilePicker
          label={`File for ${label.toLowerCase()}`}
          labelHidden
          file={file ?? null}
          disabled={busy}
          onChange={onChoose}
          // A required document can be replaced, not left out.
          {...(isRequired ? {} : { onRemove })}
        />
      )}
      <UploadStatus label={label} upload={uploads[docType]} />
    </li>
  );
}

/**
 * The documents the node asks for. The customer chooses each file (and may replace it)
 * before anything is sent; "Send documents" uploads them and hands them in together.
 */
export function RequiredDocumentsStep() {
  const flow = useKycFlowContext();
  const [chosen, setChosen] = useState<Chosen>({});
  const wanted = flow.node?.config?.requiredDocuments ?? [];
  const added = new Set(flow.documents?.added ?? []);
  const busy =
    (flow.documents?.pending.length ?? 0) > 0 ||
    flow.state.endsWith('.submitting') ||
    wanted.some(({ docType }) => flow.uploads[docType]?.status === 'uploading');
  const stillNeeded = (flow.documents?.missing ?? []).filter((docType) => !chosen[docType]);
  const toSend = wanted.filter(({ docType }) => chosen[docType] && !added.has(docType));

  const send = async () => {
    const sent = await Promise.all(
      toSend.map(({ docType }) => {
        const file = chosen[docType];
        return file ? flow.addDocument(file, docType) : Promise.resolve(true);
      }),
    );
    if (sent.every(Boolean)) flow.submitDocuments();
  };

  return (
    <div className="stack">
      <StepHeading>A few documents</StepHeading>
      <p>We need proof of your address. Choose a file for each document, then send them.</p>
      <ul className="documents">
        {wanted.map(({ docType, isRequired }) => (
          <DocumentCard
            key={docType}
            docType={docType}
            isRequired={isRequired}
            received={added.has(docType)}
            file={chosen[docType]}
            busy={busy}
            onChoose={(file) => setChosen((all) => ({ ...all, [docType]: file }))}
            onRemove={() => setChosen(({ [docType]: _removed, ...rest }) => rest as Chosen)}
          />
        ))}
      </ul>
      <p className="hint-text">
        {stillNeeded.length > 0
          ? `Still needed: ${stillNeeded.map(documentLabel).join(', ')}.`
          : 'Everything required is ready to send.'}
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={stillNeeded.length > 0 || busy}
          onClick={() => void send()}
        >
          {busy ? 'Sending…' : 'Send documents'}
        </button>
      </div>
    </div>
  );
}
