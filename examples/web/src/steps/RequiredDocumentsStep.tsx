import { type DocumentType, useKycFlowContext } from 'kyc-flow/react';
import { UploadBar } from '../notices';
import { DOCUMENT_LABELS } from './IdentityDocumentStep';

export function RequiredDocumentsStep() {
  const flow = useKycFlowContext();
  const wanted = flow.node?.config?.requiredDocuments ?? [];
  const added = new Set(flow.documents?.added ?? []);
  const pending = new Set(flow.documents?.pending ?? []);
  const missing = flow.documents?.missing ?? [];
  const submitting = flow.state.endsWith('.submitting');

  const statusOf = (docType: DocumentType) => {
    const upload = flow.uploads[docType];
    if (added.has(docType)) return 'Received';
    if (pending.has(docType)) return 'Sending…';
    if (upload?.status === 'uploading') return 'Uploading…';
    if (upload?.status === 'failed') return 'Upload failed';
    return 'Not yet uploaded';
  };

  return (
    <div className="stack">
      <h2>A few documents</h2>
      <p>We need proof of your address. Upload each document; you can add the optional ones too.</p>
      <ul className="documents">
        {wanted.map(({ docType, isRequired }) => {
          const upload = flow.uploads[docType];
          const label = DOCUMENT_LABELS[docType] ?? docType;
          return (
            <li key={docType} data-doc={docType} className={added.has(docType) ? 'received' : ''}>
              <div className="document-head">
                <strong>{label}</strong>
                <span className={`tag ${isRequired ? 'required' : ''}`}>
                  {isRequired ? 'Required' : 'Optional'}
                </span>
                <span className="muted small" data-testid={`status-${docType}`}>
                  {statusOf(docType)}
                </span>
              </div>
              {added.has(docType) ? null : (
                <label>
                  Upload {label.toLowerCase()}
                  <input
                    type="file"
                    accept="image/*,.pdf"
                    disabled={upload?.status === 'uploading' || pending.has(docType)}
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      if (file) void flow.addDocument(file, docType);
                    }}
                  />
                </label>
              )}
              {upload && !added.has(docType) ? (
                <UploadBar
                  label={label}
                  loaded={upload.loaded}
                  {...(upload.total ? { total: upload.total } : {})}
                />
              ) : null}
              {upload?.status === 'failed' ? <p className="notice error">{upload.error}</p> : null}
            </li>
          );
        })}
      </ul>
      <p role="status">
        {missing.length > 0
          ? `Still missing: ${missing.map((docType) => DOCUMENT_LABELS[docType] ?? docType).join(', ')}`
          : 'Everything required is in.'}
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={missing.length > 0 || pending.size > 0 || submitting}
          onClick={flow.submitDocuments}
        >
          {submitting ? 'Sending…' : 'Submit documents'}
        </button>
      </div>
    </div>
  );
}
