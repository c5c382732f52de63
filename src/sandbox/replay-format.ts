import * as z from 'zod/mini';
import { describeIssues } from './describe-issues.js';

/**
 * A recording: what `kyc-flow run --record` wrote of a real gateway, one JSON object a line
 * (NDJSON). A header line, then one line per HTTP exchange (every attempt, retries
 * included): the method, the shape of the request and of the answer, the HTTP status,
 * when it left and how long it took. Values are never recorded, only their shapes:
 *
 * - `"<string:12>"`, `"<number>"`, `"<boolean>"`: a value of that type (and length);
 * - `"<id:3f9a0c12d4>"`: an identifier (executionId, callbackKey, customerId, ...), the
 *   same pseudonym wherever the same value appeared, so answers and requests still match;
 * - `{ "$json": shape }`: a JSON string field, and the shape of what it encodes;
 * - `{ "$file": { "type": "image/png", "size": 1234 } }`: an uploaded file;
 * - anything else as it was: keys, `apiCode`, `apiMsg`, statuses, node types, decisions,
 *   document types, numbers and booleans outside personal fields.
 */
export const RECORDING_KIND = 'kyc-flow.recording';
export const RECORDING_FORMAT_VERSION = 1;

/** A shape: JSON whose personal and secret values are placeholders. */
export type Shape = null | boolean | number | string | Shape[] | { [key: string]: Shape };

export const PLACEHOLDER = /^<(?:string:\d+|number|boolean|id:[0-9a-f]+)>$/;
export const JSON_FIELD = '$json';
export const FILE_FIELD = '$file';

const shape: z.ZodMiniType<Shape> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(shape),
    z.record(z.string(), shape),
  ]),
);

export const recordingHeader = z.looseObject({
  kind: z.literal(RECORDING_KIND),
  formatVersion: z.literal(RECORDING_FORMAT_VERSION),
  recordedAt: z.string(),
});
export type RecordingHeader = z.infer<typeof recordingHeader>;

/** How an exchange ended without an HTTP answer. */
export const EXCHANGE_FAILURES = ['network', 'timeout', 'abort'] as const;

export const recordedExchange = z.looseObject({
  /** 1 for the first request of the recording. */
  seq: z.int().check(z.positive()),
  /** Milliseconds from the start of the recording to the request. */
  at: z.number().check(z.nonnegative()),
  /** Milliseconds until the answer was read (or the exchange failed). */
  ms: z.number().check(z.nonnegative()),
  /** The gateway method (`api=`), or `storage.upload`. */
  method: z.string().check(z.minLength(1)),
  request: z.optional(shape),
  /** HTTP status of the answer. */
  status: z.optional(z.int().check(z.minimum(200), z.maximum(599))),
  retryAfter: z.optional(z.string()),
  /** The answer's JSON body (the envelope), as a shape. */
  answer: z.optional(shape),
  /** A body that is not JSON: `"<text:N>"`. */
  body: z.optional(z.string()),
  failure: z.optional(z.enum(EXCHANGE_FAILURES)),
  /** The system's error code (ECONNREFUSED, ENOTFOUND, ...), when the network failed. */
  cause: z.optional(z.string()),
});
export type RecordedExchange = z.infer<typeof recordedExchange>;

export interface Recording {
  readonly header: RecordingHeader;
  /** In the order the requests left (`seq`). */
  readonly exchanges: readonly RecordedExchange[];
}

export class RecordingError extends Error {
  override readonly name = 'RecordingError';
}

/** Reads a recording's text; the error names the line and field that is wrong. */
export function parseRecording(text: string, source = 'recording'): Recording {
  const lines = text.split('\n').map((line, index) => ({ line: line.trim(), number: index + 1 }));
  const filled = lines.filter(({ line }) => line !== '');
  const [first, ...rest] = filled;
  if (!first) throw new RecordingError(`${source}: empty`);
  const header = readLine(first, recordingHeader, source);
  const exchanges = rest.map((line) => readLine(line, recordedExchange, source));
  return { header, exchanges: [...exchanges].sort((a, b) => a.seq - b.seq) };
}

function readLine<T>(
  { line, number }: { line: string; number: number },
  schema: z.ZodMiniType<T>,
  source: string,
): T {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new RecordingError(`${source}: line ${number} is not JSON`);
  }
  const result = z.safeParse(schema, json);
  if (!result.success) {
    throw new RecordingError(
      `${source}: line ${number}: ${describeIssues(result.error.issues, json)}`,
    );
  }
  return result.data;
}

/** Whether a file's text is a recording rather than scenarios (its first line says so). */
export function isRecordingText(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0] ?? '';
  try {
    const json: unknown = JSON.parse(first);
    return (
      typeof json === 'object' && json !== null && 'kind' in json && json.kind === RECORDING_KIND
    );
  } catch {
    return false;
  }
}
