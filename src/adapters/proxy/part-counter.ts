const encoder = new TextEncoder();

/** The matcher's fallback table: for each prefix of `needle`, the longest proper border. */
const bordersOf = (needle: Uint8Array): Uint16Array => {
  const borders = new Uint16Array(needle.length + 1);
  let length = 0;
  for (let index = 1; index < needle.length; index += 1) {
    while (length > 0 && needle[index] !== needle[length]) length = borders[length] ?? 0;
    if (needle[index] === needle[length]) length += 1;
    borders[index + 1] = length;
  }
  return borders;
};

/**
 * Counts a multipart body's delimiters (`--boundary`) chunk by chunk, as it arrives, so
 * that a body of thousands of parts is refused after its first chunk instead of being
 * parsed. A streaming Knuth–Morris–Pratt match: linear in the bytes whatever the boundary,
 * and a delimiter split across two chunks is still seen. Answers the count so far.
 */
export const createDelimiterCounter = (boundary: string) => {
  const needle = encoder.encode(`--${boundary}`);
  const borders = bordersOf(needle);
  const first = needle[0] ?? 0;
  let matched = 0;
  let count = 0;
  return (chunk: Uint8Array): number => {
    let index = 0;
    while (index < chunk.length) {
      if (matched === 0) {
        // Skip natively to the next byte that can start a delimiter.
        index = chunk.indexOf(first, index);
        if (index === -1) break;
      }
      const byte = chunk[index];
      while (matched > 0 && byte !== needle[matched]) matched = borders[matched] ?? 0;
      if (byte === needle[matched]) matched += 1;
      if (matched === needle.length) {
        // Delimiters do not overlap: `--b--` closes, it is not two of them.
        count += 1;
        matched = 0;
      }
      index += 1;
    }
    return count;
  };
};

/** The boundary of a `multipart/form-data` content type, if it names a valid one (RFC 2046). */
export const boundaryOf = (contentType: string): string | undefined => {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary !== undefined &&
    /^[0-9A-Za-z'()+_,\-./:=? ]*[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)
    ? boundary
    : undefined;
};
