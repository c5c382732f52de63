export type BodyReading =
  | { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  /**
   * `tooLarge` past the limit; `refused` when `inspect` said no to a chunk; `tooSlow` when
   * the body did not arrive within its pace (`BodyPace`).
   */
  | { readonly ok: false; readonly reason: 'tooLarge' | 'refused' | 'tooSlow' };

/**
 * How fast a body must arrive. A body that trickles in holds what it was given (an upload
 * slot, memory) for as long as it trickles: a few of them would block every other caller.
 */
export interface BodyPace {
  /** The whole body, from the first read. */
  readonly withinMs: number;
  /** Past this much time, the body so far must average at least `minBytesPerSecond`. */
  readonly graceMs: number;
  readonly minBytesPerSecond: number;
}

/** A JSON call's body (64 KiB at most): a few seconds on any link. */
export const JSON_BODY_PACE: BodyPace = {
  withinMs: 30_000,
  graceMs: 10_000,
  minBytesPerSecond: 1024,
};

/** An upload: an 11 MiB file within 5 minutes, no slower than 4 KiB/s after 10 s. */
export const UPLOAD_BODY_PACE: BodyPace = {
  withinMs: 300_000,
  graceMs: 10_000,
  minBytesPerSecond: 4096,
};

/** The refusal of a body too large or too slow (a refused one is the caller's to name). */
export const bodyRefusal = (reason: 'tooLarge' | 'refused' | 'tooSlow') =>
  reason === 'tooSlow' ? ('bodyTooSlow' as const) : ('bodyTooLarge' as const);

const joined = (chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
};

const TOO_SLOW = Symbol('tooSlow');

/** When the body read so far, `total` bytes by `elapsedMs`, is late: the time left before it is. */
const timeLeftMs = (pace: BodyPace, total: number, elapsedMs: number): number => {
  const dueByRate = Math.max(pace.graceMs, (total / pace.minBytesPerSecond) * 1000);
  return Math.min(pace.withinMs, dueByRate) - elapsedMs;
};

/**
 * Reads a request body up to `limit` bytes, at `pace`. The count is taken on the stream
 * itself: a `Content-Length` only lets an honest oversize body be refused before it is
 * read. `inspect` sees each chunk as it arrives and may refuse the body there and then.
 * Either way the rest of a refused body is never pulled.
 */
export const readLimitedBody = async (
  request: Request,
  limit: number,
  pace: BodyPace,
  inspect?: (chunk: Uint8Array) => boolean,
): Promise<BodyReading> => {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return { ok: false, reason: 'tooLarge' };
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  const began = Date.now();
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refuse = async (reason: 'tooLarge' | 'refused' | 'tooSlow'): Promise<BodyReading> => {
    await reader.cancel().catch(() => undefined);
    return { ok: false, reason };
  };
  try {
    for (;;) {
      const left = timeLeftMs(pace, total, Date.now() - began);
      if (left <= 0) return await refuse('tooSlow');
      const late = new Promise<typeof TOO_SLOW>((resolve) => {
        timer = setTimeout(resolve, left, TOO_SLOW);
      });
      const read = await Promise.race([reader.read(), late]);
      clearTimeout(timer);
      if (read === TOO_SLOW) return await refuse('tooSlow');
      if (read.done) break;
      total += read.value.byteLength;
      if (total > limit) return await refuse('tooLarge');
      if (inspect && !inspect(read.value)) return await refuse('refused');
      chunks.push(read.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return { ok: true, bytes: joined(chunks, total) };
};
