export type BodyReading =
  | { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  /** `tooLarge` past the limit; `refused` when `inspect` said no to a chunk. */
  | { readonly ok: false; readonly reason: 'tooLarge' | 'refused' };

const joined = (chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};

/**
 * Reads a request body up to `limit` bytes. The count is taken on the stream itself: a
 * `Content-Length` only lets an honest oversize body be refused before it is read.
 * `inspect` sees each chunk as it arrives and may refuse the body there and then. Either
 * way the rest of a refused body is never pulled.
 */
export const readLimitedBody = async (
  request: Request,
  limit: number,
  inspect?: (chunk: Uint8Array) => boolean,
): Promise<BodyReading> => {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return { ok: false, reason: 'tooLarge' };
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    const reason = total > limit ? 'tooLarge' : inspect && !inspect(value) ? 'refused' : undefined;
    if (reason) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: joined(chunks, total) };
};
