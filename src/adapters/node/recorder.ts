import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import {
  RECORDING_FORMAT_VERSION,
  RECORDING_KIND,
  type RecordedExchange,
  type Shape,
} from '../../sandbox/replay-format.js';
import { createShaper, type Shaper } from './record-shape.js';
import { openRegularFile } from './regular-file.js';
import { systemCode } from './system-code.js';

export interface Recorder {
  /** Hand to `createGatewayClient({ fetch })`: sends with the given fetch and records. */
  readonly fetch: typeof globalThis.fetch;
  /** How many exchanges were recorded so far. */
  readonly count: () => number;
  /** Resolves once every line is written and the file is closed. */
  close(): Promise<void>;
}

export interface RecorderOptions {
  /** The fetch that really sends; default the platform's. */
  readonly fetch?: typeof globalThis.fetch;
  readonly now?: () => number;
  /**
   * Applied to the gateway's messages (`apiMsg`) after emails and file URLs are taken out:
   * a refusal may name the customer ("Jane Doe already registered"). The CLI gives its
   * profile's values.
   */
  readonly scrubMessage?: (text: string) => string;
}

/**
 * Records every exchange a gateway client makes (see `replay-format.ts`): a `fetch`
 * wrapper, so it works whatever sends the requests. Written line by line as each exchange
 * ends, so a run killed midway leaves a readable recording. The URL (apiKey, sign) and the
 * headers are never written; bodies only as shapes.
 */
export async function createRecorder(
  path: string,
  options: RecorderOptions = {},
): Promise<Recorder> {
  const now = options.now ?? Date.now;
  const handle = await openRegularFile(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC,
    0o644,
  );
  const startedAt = now();
  const shaper = createShaper(undefined, options.scrubMessage);
  let seq = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const write = (line: object) => {
    writing = writing.then(() => handle.write(`${JSON.stringify(line)}\n`));
  };
  write({
    kind: RECORDING_KIND,
    formatVersion: RECORDING_FORMAT_VERSION,
    recordedAt: new Date(startedAt).toISOString(),
  });

  const recordingFetch: typeof globalThis.fetch = async (input, init) => {
    const send = options.fetch ?? globalThis.fetch;
    seq += 1;
    const started = now();
    const base = {
      seq,
      at: started - startedAt,
      method: methodOf(input),
      request: await requestShape(shaper, input, init?.body),
    };
    try {
      const response = await send(input, init);
      const text = await response.text();
      write({ ...base, ms: now() - started, ...responseOf(shaper, response, text) });
      // The body is read here once; the client gets the same response, already whole.
      return new Response(text, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (error) {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      write({ ...base, ms: now() - started, ...failureOf(error, signal) });
      throw error;
    }
  };

  return {
    fetch: recordingFetch,
    count: () => seq,
    async close() {
      await writing.catch(() => undefined);
      await closeQuietly(handle);
    },
  };
}

const closeQuietly = (handle: FileHandle) => handle.close().catch(() => undefined);

function methodOf(input: Parameters<typeof fetch>[0]): string {
  const url = input instanceof Request ? input.url : String(input);
  if (!URL.canParse(url)) return '(no url)';
  return new URL(url).searchParams.get('api') ?? 'storage.upload';
}

/** The shape of what is sent: `fetch(url, { body })`, or a ready `Request` (as ky sends). */
async function requestShape(
  shaper: Shaper,
  input: Parameters<typeof fetch>[0],
  body: unknown,
): Promise<Shape> {
  if (body === undefined && input instanceof Request && input.body !== null) {
    const copy = input.clone();
    const multipart = copy.headers.get('content-type')?.startsWith('multipart/form-data');
    return requestShape(shaper, '', multipart ? await copy.formData() : await copy.text());
  }
  if (body instanceof FormData) return shaper.form(body);
  if (typeof body !== 'string') return null;
  try {
    return shaper.body(JSON.parse(body));
  } catch {
    return `<string:${body.length}>`;
  }
}

/** What a response says, as recorded; the recording format calls its body's shape `answer`. */
function responseOf(
  shaper: Shaper,
  response: Response,
  text: string,
): Pick<RecordedExchange, 'status' | 'retryAfter' | 'answer' | 'body'> {
  const retryAfter = response.headers.get('retry-after');
  const head = { status: response.status, ...(retryAfter !== null && { retryAfter }) };
  try {
    return { ...head, answer: shaper.body(JSON.parse(text)) };
  } catch {
    return { ...head, body: `<text:${text.length}>` };
  }
}

function failureOf(
  error: unknown,
  signal: AbortSignal | null | undefined,
): Pick<RecordedExchange, 'failure' | 'cause'> {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    const failure =
      typeof reason === 'object' && reason !== null && 'failure' in reason ? reason.failure : '';
    return { failure: failure === 'timeout' ? 'timeout' : 'abort' };
  }
  const cause = systemCode(error);
  return { failure: 'network', ...(cause !== undefined && { cause }) };
}
