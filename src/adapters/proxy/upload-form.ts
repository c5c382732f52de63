import type { ValidationReport } from '../../services/envelope.js';
import type { ProxyContext } from './context.js';
import { checkIdLengths } from './id-lengths.js';
import { type FormPart, parseMultipart } from './multipart.js';
import { boundaryOf, createDelimiterCounter } from './part-counter.js';
import { bodyRefusal, readLimitedBody, UPLOAD_BODY_PACE } from './read-body.js';
import type { ProxyRefusal } from './types.js';

/** The route's form: `file` and `executionId`, nothing else. */
const MAX_PARTS = 2;

/** Room for the part headers, the executionId and the delimiters around the file. */
const FORM_OVERHEAD_BYTES = 16 * 1024;

const limitOf = (context: ProxyContext) => context.uploads.maxBytes + FORM_OVERHEAD_BYTES;

export type UploadForm =
  | {
      readonly file: Uint8Array<ArrayBuffer>;
      readonly type: string;
      readonly filename: string;
      readonly executionId: string;
    }
  | {
      readonly refusal: ProxyRefusal;
      readonly shown?: string;
      readonly validation?: ValidationReport;
    };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A plain field's value; '' for a file part or one that is not UTF-8. */
const fieldValue = (part: FormPart | undefined): string => {
  if (part === undefined || part.filename !== undefined) return '';
  try {
    return utf8.decode(part.body);
  } catch {
    return '';
  }
};

const fieldsOf = (parts: readonly FormPart[]): UploadForm => {
  const files = parts.filter((part) => part.name === 'file');
  const executionIds = parts.filter((part) => part.name === 'executionId');
  const [file] = files;
  // Exactly one of each: with two executionIds the storage service might read the other one.
  if (files.length !== 1 || file?.filename === undefined) {
    return { refusal: 'invalidBody', shown: 'expected one file' };
  }
  const executionId = executionIds.length === 1 ? fieldValue(executionIds[0]) : '';
  if (executionId === '') return { refusal: 'invalidBody', shown: 'expected one executionId' };
  const validation = checkIdLengths('request', { executionId });
  if (validation) return { refusal: 'invalidBody', shown: 'executionId is too long', validation };
  return { file: file.body, type: file.type, filename: file.filename, executionId };
};

/**
 * What is wrong with an upload before its body is read (no boundary, a declared length
 * past the limit), so that it is refused before it takes a slot.
 */
export const refusalBeforeReading = (
  context: ProxyContext,
  request: Request,
): Extract<UploadForm, { readonly refusal: ProxyRefusal }> | undefined => {
  if (boundaryOf(request.headers.get('content-type') ?? '') === undefined) {
    return { refusal: 'invalidBody', shown: 'no multipart boundary' };
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  return declared > limitOf(context) ? { refusal: 'bodyTooLarge' } : undefined;
};

/**
 * Reads the multipart body: no larger than the largest file and its form, and no more
 * delimiters than its two parts have (counted as the bytes arrive, so a body of countless
 * empty parts is refused at its first chunk), then parsed strictly (`parseMultipart`).
 */
export const readUploadForm = async (
  context: ProxyContext,
  request: Request,
): Promise<UploadForm> => {
  const contentType = request.headers.get('content-type') ?? '';
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return { refusal: 'invalidBody', shown: 'no multipart boundary' };
  const delimiters = createDelimiterCounter(boundary);
  // The parts' delimiters and the closing one.
  const body = await readLimitedBody(
    request,
    limitOf(context),
    UPLOAD_BODY_PACE,
    (chunk) => delimiters(chunk) <= MAX_PARTS + 1,
  );
  if (!body.ok) {
    return body.reason === 'refused'
      ? { refusal: 'invalidBody', shown: `more than ${MAX_PARTS} parts` }
      : { refusal: bodyRefusal(body.reason) };
  }
  const parts = parseMultipart(body.bytes, boundary, MAX_PARTS);
  return typeof parts === 'string' ? { refusal: 'invalidBody', shown: parts } : fieldsOf(parts);
};
