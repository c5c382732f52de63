/**
 * Reads a request body up to `limit` bytes. The count is taken on the stream itself: a
 * `Content-Length` only lets an honest oversize body be refused before it is read.
 * Answers `undefined` when the body is larger than the limit.
 */
export const readLimitedBody = async (
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> => {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return undefined;
  if (request.body === null) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Stop pulling: the rest of an oversize body is never buffered.
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};
