const encoder = new TextEncoder();
const text = new TextDecoder();
const CRLF = encoder.encode('\r\n');
const HEADERS_END = encoder.encode('\r\n\r\n');

/** Longest header block of one part accepted, in bytes (a browser's is about 150). */
const MAX_PART_HEADER_BYTES = 1024;

export interface FormPart {
  readonly name: string;
  /** Set for a file part (possibly empty); absent for a plain field. */
  readonly filename?: string;
  readonly type: string;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** Where `needle` next occurs in `bytes` from `from`, or -1; linear for needles that start with `\r`. */
const indexOf = (
  bytes: Uint8Array,
  needle: Uint8Array,
  from: number,
  to = bytes.length,
): number => {
  const first = needle[0] ?? 0;
  for (let at = bytes.indexOf(first, from); at !== -1 && at + needle.length <= to; ) {
    let matched = 1;
    while (matched < needle.length && bytes[at + matched] === needle[matched]) matched += 1;
    if (matched === needle.length) return at;
    at = bytes.indexOf(first, at + 1);
  }
  return -1;
};

const startsAt = (bytes: Uint8Array, needle: Uint8Array, at: number) =>
  needle.every((byte, index) => bytes[at + index] === byte);

/** The part's name, filename and type from its header block, or `undefined` if it has no name. */
const partHeaders = (block: string) => {
  let disposition = '';
  let type = '';
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    const field = line.slice(0, colon).trim().toLowerCase();
    if (field === 'content-disposition') disposition = line.slice(colon + 1).trim();
    if (field === 'content-type') type = line.slice(colon + 1).trim();
  }
  if (!/^form-data\s*(;|$)/i.test(disposition)) return undefined;
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) return undefined;
  return { name, type, ...(filename === undefined ? {} : { filename }) };
};

/**
 * A `multipart/form-data` body, read strictly: it starts with the first delimiter, each
 * part's header block is short, there are at most `maxParts` parts, and it ends with the
 * closing delimiter. Linear in the body's size whatever it holds (a general parser can
 * be made to spend seconds on a few MiB of part headers). Part bodies are views of `body`.
 * Answers the parts, or what is wrong.
 */
export const parseMultipart = (
  body: Uint8Array<ArrayBuffer>,
  boundary: string,
  maxParts: number,
): FormPart[] | string => {
  const delimiter = encoder.encode(`--${boundary}`);
  const next = encoder.encode(`\r\n--${boundary}`);
  if (!startsAt(body, delimiter, 0)) return 'does not start with its boundary';
  const parts: FormPart[] = [];
  for (let at = delimiter.length; ; ) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // `--`: the closing delimiter
    if (!startsAt(body, CRLF, at)) return 'a boundary is not followed by a line break';
    if (parts.length === maxParts) return `more than ${maxParts} parts`;
    const headersEnd = indexOf(body, HEADERS_END, at, at + 2 + MAX_PART_HEADER_BYTES + 4);
    if (headersEnd === -1) return 'part headers missing or too long';
    const headers = partHeaders(text.decode(body.subarray(at + 2, headersEnd)));
    if (headers === undefined) return 'a part is not a named form-data field';
    const end = indexOf(body, next, headersEnd + HEADERS_END.length);
    if (end === -1) return 'no closing boundary';
    parts.push({ ...headers, body: body.subarray(headersEnd + HEADERS_END.length, end) });
    at = end + next.length;
  }
};
