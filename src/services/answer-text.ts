import type { Endpoint } from './envelope.js';
import { ValidationError } from './errors/index.js';
import { notAnEnvelope } from './page-answer.js';

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

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** The charset an answer's `content-type` declares, if it declares one. */
export const charsetOf = (response: Response): string | undefined =>
  CHARSET.exec(response.headers.get('content-type') ?? '')?.[1];

/**
 * The decoder of the charset an answer declares (UTF-8 when it declares none), or
 * `undefined` for one this runtime cannot decode: read as UTF-8 instead, a name the OCR read
 * (`charset=big5`) would reach the host as garbage, silently. The body is then let go unread.
 */
export function answerDecoder(response: Response): TextDecoder | undefined {
  try {
    return new TextDecoder(charsetOf(response));
  } catch {
    response.body?.cancel().catch(() => undefined);
    return undefined;
  }
}

/**
 * The answer's text, or `undefined` when its body is longer than `maxBytes`: then the rest is
 * not read, and the connection is let go. A declared `content-length` within the limit is
 * read as it is (fetch holds a body to its declared length); one beyond it is refused
 * unread; an undeclared length (chunked), or a compressed body (a small one may decode to
 * gigabytes), is counted as it arrives, decoded. `decoder`: the answer's (`answerDecoder`).
 */
export async function textUpTo(
  response: Response,
  maxBytes: number,
  decoder: TextDecoder,
): Promise<string | undefined> {
  const { body } = response;
  const length = response.headers.get('content-length');
  // A compressed body's declared length is not its length once fetch has decoded it.
  const encoding = response.headers.get('content-encoding');
  const plain = encoding === null || /^\s*identity\s*$/i.test(encoding);
  const declared =
    plain && length !== null && DECLARED_LENGTH.test(length) ? Number(length) : undefined;
  if (!body || (declared !== undefined && declared <= maxBytes)) {
    return decoder.decode(await response.arrayBuffer());
  }
  if (declared !== undefined) {
    body.cancel().catch(() => undefined);
    return undefined;
  }
  const reader = body.getReader();
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

const unreadable = (endpoint: Endpoint, message: string) =>
  new ValidationError(endpoint, 'response', [{ field: '', message }], true);

/**
 * An answer reader that refuses an answer longer than `maxBytes`, or in a charset it cannot
 * decode: an answer nobody can read, as one cut short or an HTML page is (`unreadable`), so
 * a read is read again a few times and the flow then stops in `needsAttention`, instead of
 * a process holding all it is sent or the host given garbled text. A successful answer that
 * is no JSON is refused the same way, named (`notAnEnvelope`): a web page at a wrong URL.
 */
export const bodyReaderUpTo =
  (maxBytes: number): BodyReader =>
  async (response, endpoint) => {
    const decoder = answerDecoder(response);
    if (!decoder) {
      throw unreadable(
        endpoint,
        `expected an answer in a charset this client decodes, not ${charsetOf(response)}`,
      );
    }
    const text = await textUpTo(response, maxBytes, decoder);
    if (text === undefined) throw unreadable(endpoint, `${ANSWER_TOO_LONG} ${maxBytes} bytes`);
    // Named here, where the content type is at hand: `openAnswer` sees only the text.
    const page = notAnEnvelope(response, text);
    if (page) throw unreadable(endpoint, page);
    return text;
  };
