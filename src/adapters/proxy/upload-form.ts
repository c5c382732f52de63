import type { ValidationReport } from '../../services/envelope.js';
import type { ProxyContext } from './context.js';
import { checkIdLengths } from './id-lengths.js';
import { boundaryOf, createDelimiterCounter } from './part-counter.js';
import { readLimitedBody } from './read-body.js';
import type { ProxyRefusal } from './types.js';

/** The route's form: `file` and `executionId`, nothing else. */
const MAX_PARTS = 2;

/** Room for the part headers, the executionId and the delimiters around the file. */
const FORM_OVERHEAD_BYTES = 16 * 1024;

export type UploadForm =
  | { readonly file: Blob; readonly filename: string; readonly executionId: string }
  | {
      readonly refusal: ProxyRefusal;
      readonly shown?: string;
      readonly validation?: ValidationReport;
    };

const fieldsOf = (form: FormData): UploadForm => {
  const files = form.getAll('file');
  const executionIds = form.getAll('executionId');
  const [file] = files;
  const [executionId] = executionIds;
  // Exactly one of each: with two executionIds the storage service might read the other one.
  if (files.length !== 1 || !(file instanceof Blob)) {
    return { refusal: 'invalidBody', shown: 'expected one file' };
  }
  if (executionIds.length !== 1 || typeof executionId !== 'string' || executionId === '') {
    return { refusal: 'invalidBody', shown: 'expected one executionId' };
  }
  const validation = checkIdLengths('request', { executionId });
  if (validation) return { refusal: 'invalidBody', shown: 'executionId is too long', validation };
  const filename = file instanceof File ? file.name : '';
  return { file, filename, executionId };
};

/**
 * Reads the multipart body: no larger than the largest file and its form, and no more
 * delimiters than its two parts have (counted as the bytes arrive, so a body of countless
 * empty parts is refused at its first chunk, never handed to a parser).
 */
export const readUploadForm = async (
  context: ProxyContext,
  request: Request,
): Promise<UploadForm> => {
  const contentType = request.headers.get('content-type') ?? '';
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return { refusal: 'invalidBody', shown: 'no multipart boundary' };
  const delimiters = createDelimiterCounter(boundary);
  const limit = context.uploads.maxBytes + FORM_OVERHEAD_BYTES;
  // The parts' delimiters and the closing one.
  const body = await readLimitedBody(request, limit, (chunk) => delimiters(chunk) <= MAX_PARTS + 1);
  if (!body.ok) {
    return body.reason === 'tooLarge'
      ? { refusal: 'bodyTooLarge' }
      : { refusal: 'invalidBody', shown: `more than ${MAX_PARTS} parts` };
  }
  try {
    const form = await new Response(body.bytes, { headers: { 'content-type': contentType } });
    return fieldsOf(await form.formData());
  } catch {
    return { refusal: 'invalidBody', shown: 'not a multipart form' };
  }
};
