import type { Endpoint } from './envelope.js';
import { ValidationError } from './errors/index.js';

/**
 * The longest answer read, by default: every answer of the contract is a small JSON envelope
 * (an OCR result's fields are the largest), so 4 MiB leaves a wide margin and still bounds
 * what a broken or hostile gateway can make a process hold per call.
 */
export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** How a refused answer is described (the CLI's hint looks for it). */
export const ANSWER_TOO_LONG = 'expected an answer of at most';

/** Reads one answer's body to its end, as text; throws a typed error for one it refuses. */
export type BodyReader = (response: Response, endpoint: Endpoint) => Promise<string>;

const DECLARED_LENGTH = /^\d+$/;

/**
 * The answer's text, or `undefined` when its body is longer than `maxBytes`: then the rest is
 * not read, and the connection is let go. A declared `content-length` within the limit is
 * read as it is (fetch holds a body to its declared length); one beyond it is refused
 * unread; an undeclared length (chunked), or a compressed body (a small one may decode to
 * gigabytes), is counted as it arrives, decoded.
 */
export async function textUpTo(response: Response, maxBytes: number): Promise<string | undefined> {
  const { body } = response;
  const length = response.headers.get('content-length');
  // A compressed body's declared length is not its length once fetch has decoded it.
  const encoding = response.headers.get('content-encoding');
  const plain = encoding === null || /^\s*identity\s*$/i.test(encoding);
  const declared =
    plain && length !== null && DECLARED_LENGTH.test(length) ? Number(length) : undefined;
  if (!body || (declared !== undefined && declared <= maxBytes)) return response.text();
  if (declared !== undefined) {
    body.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * An answer reader that refuses an answer longer than `maxBytes`: an answer nobody can read,
 * as one cut short or an HTML page is (`unreadable`), so a read is read again a few times and
 * the flow then stops in `needsAttention`, instead of a process holding all it is sent.
 */
export const bodyReaderUpTo =
  (maxBytes: number): BodyReader =>
  async (response, endpoint) => {
    const text = await textUpTo(response, maxBytes);
    if (text !== undefined) return text;
    throw new ValidationError(
      endpoint,
      'response',
      [{ field: '', message: `${ANSWER_TOO_LONG} ${maxBytes} bytes` }],
      true,
    );
  };
