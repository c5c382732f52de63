import { UPLOAD_TYPES, type UploadType } from './file-types.js';

/** Longest name stem forwarded, in characters. */
const MAX_STEM = 64;

/**
 * The name forwarded to storage: the last path segment of what the page sent, reduced to
 * letters, digits, `_` and `-`, with the extension of the type the bytes showed. No path,
 * no dot file, no control character or markup can reach the storage service, whatever it
 * does with names.
 */
export const safeFilename = (name: string, type: UploadType): string => {
  const last = name.split(/[\\/]/).at(-1) ?? '';
  const stem = last
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    // Accents go (é is e and a combining accent once decomposed); other letters become `_`.
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, MAX_STEM);
  return `${stem || 'upload'}.${UPLOAD_TYPES[type].extension}`;
};
