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
export const checkFile = (
  rules: UploadRules,
  upload: {
    readonly file: Uint8Array<ArrayBuffer>;
    readonly type: string;
    readonly filename: string;
  },
): FileCheck => {
  const { file } = upload;
  if (file.length < rules.minBytes) {
    return { refusal: 'invalidBody', shown: `file too small: at least ${rules.minBytes} bytes` };
  }
  if (file.length > rules.maxBytes) {
    return { refusal: 'bodyTooLarge', shown: `file larger than ${rules.maxBytes} bytes` };
  }
  const type: UploadType | undefined = detectFileType(file.subarray(0, HEAD_BYTES), rules.types);
  if (type === undefined) {
    return { refusal: 'unsupportedFile', shown: `accepted: ${[...rules.types].join(', ')}` };
  }
  if (!declaredTypeAgrees(upload.type, type)) {
    return { refusal: 'unsupportedFile', shown: 'the declared type is not what the file holds' };
  }
  return { file: new File([file], safeFilename(upload.filename, type), { type }) };
};
