import { useId } from 'react';
import { fileSize } from '../words';

function FileIcon() {
  return (
    <svg className="file-icon" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M6 2.75h8l4.25 4.25v14.25H6z" />
      <path d="M14 2.75V7h4.25" />
    </svg>
  );
}

/**
 * A file field that shows what was chosen (name and size) and lets the customer replace
 * it. The native input stays in the page, labelled, for keyboards and assistive tech.
 */
export function FilePicker({
  label,
  hint,
  file,
  onChange,
  disabled = false,
  accept = 'image/*,.pdf',
  labelHidden = false,
  onRemove,
}: {
  /** Offered once a file is chosen, for fields that may stay empty. */
  readonly onRemove?: () => void;
  readonly label: string;
  /** The label is read out but not shown (a card's title already says it). */
  readonly labelHidden?: boolean;
  readonly hint?: string;
  readonly file: File | null;
  readonly onChange: (file: File) => void;
  readonly disabled?: boolean;
  readonly accept?: string;
}) {
  const id = useId();
  return (
    <div className="file-field">
      <span id={`${id}-label`} className={labelHidden ? 'visually-hidden' : 'field-label'}>
        {label}
        {hint ? <span className="hint-text"> {hint}</span> : null}
      </span>
      <label className={`file-picker${file ? ' chosen' : ''}${disabled ? ' disabled' : ''}`}>
        <input
          type="file"
          className="visually-hidden"
          accept={accept}
          disabled={disabled}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-file`}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            // Cleared, so that choosing the same file again still counts as a choice.
            event.target.value = '';
            if (chosen) onChange(chosen);
          }}
        />
        <FileIcon />
        <span id={`${id}-file`} className="file-name">
          {file ? `${file.name} (${fileSize(file.size)})` : 'No file chosen yet'}
        </span>
        <span className="file-action" aria-hidden="true">
          {file ? 'Replace' : 'Choose file'}
        </span>
      </label>
      {file && onRemove && !disabled ? (
        <button type="button" className="quiet remove" onClick={onRemove}>
          Remove {file.name}
        </button>
      ) : null}
    </div>
  );
}
