import type { UploadRules } from './context.js';
import { declaredTypeAgrees, detectFileType, HEAD_BYTES, type UploadType } from './file-types.js';
import { safeFilename } from './filename.js';
import type { ProxyRefusal } from './types.js';

export type FileCheck =
  | { readonly file: File }
  | { readonly refusal: ProxyRefusal; readonly shown: string };

/**
 * The file as it is forwarded, or why it is refused: within the size limits, of an
 * accepted type by its own first bytes (what the page declared must agree), renamed to a
 * safe name with that type's extension and sent with that type.
 */
export const checkFile = async (
  rules: UploadRules,
  file: Blob,
  filename: string,
): Promise<FileCheck> => {
  if (file.size < rules.minBytes) {
    return { refusal: 'invalidBody', shown: `file too small: at least ${rules.minBytes} bytes` };
  }
  if (file.size > rules.maxBytes) {
    return { refusal: 'bodyTooLarge', shown: `file larger than ${rules.maxBytes} bytes` };
  }
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const type: UploadType | undefined = detectFileType(head, rules.types);
  if (type === undefined) {
    return { refusal: 'unsupportedFile', shown: `accepted: ${[...rules.types].join(', ')}` };
  }
  if (!declaredTypeAgrees(file.type, type)) {
    return { refusal: 'unsupportedFile', shown: 'the declared type is not what the file holds' };
  }
  return { file: new File([file], safeFilename(filename, type), { type }) };
};
