import type { HttpResponse, HttpSend } from './types.js';

/** The part of `node:http`/`node:https` the sender uses. */
interface Target {
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
}

interface NodeHttp {
  request(
    options: Target & {
      readonly method: 'POST';
      readonly headers: Record<string, string | number>;
      readonly signal?: AbortSignal;
    },
    onResponse: (response: IncomingAnswer) => void,
  ): OutgoingCall;
}

interface IncomingAnswer {
  readonly statusCode?: number;
  readonly headers: Record<string, string | string[] | undefined>;
  setEncoding(encoding: 'utf8'): void;
  on(event: 'data', listener: (chunk: string) => void): void;
  on(event: 'end' | 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  readonly complete: boolean;
  resume(): void;
}

interface OutgoingCall {
  on(event: 'error', listener: (error: Error) => void): void;
  end(body: string): void;
  destroy(reason: Error): void;
}

interface NodeProcess {
  getBuiltinModule?(id: 'node:http' | 'node:https'): NodeHttp | undefined;
}

const builtin = (id: 'node:http' | 'node:https'): NodeHttp | undefined =>
  (globalThis as { process?: NodeProcess }).process?.getBuiltinModule?.(id);

/** A response's body as text; fails if the connection ends before the body does. */
const readText = (answer: IncomingAnswer): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    answer.setEncoding('utf8');
    answer.on('data', (chunk) => {
      text += chunk;
    });
    answer.on('error', reject);
    answer.on('end', () => resolve(text));
    answer.on('close', () => {
      if (!answer.complete) reject(new Error('the connection closed before the body ended'));
    });
  });

/** UTF-8 length of a string, without `Buffer` (this module is read by browser type checks too). */
const utf8Length = (text: string): number => {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      // A surrogate pair is one code point of four bytes.
      length += 4;
      index += 1;
    } else length += 3;
  }
  return length;
};

const headerOf = (answer: IncomingAnswer, name: string): string | null => {
  const value = answer.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * Sends the gateway's JSON calls with `node:http`/`node:https` through their global agent
 * (keep-alive since Node 19, and whatever a host installed there, such as an egress proxy
 * agent). Node's `fetch` costs about five times the CPU per request (a WHATWG Request, web
 * streams, an AbortSignal of its own): a backend driving thousands of flows spends more in
 * it than in the whole chart. Anything but a string body (a multipart upload) goes through
 * `fallback`, as does everything where `node:http` does not exist (browsers, edge runtimes):
 * `undefined` is answered there, and the caller keeps `fetch`.
 *
 * Like the fetch sender it refuses redirects (a signed call is not replayed where a
 * `Location` points) and asks for the body as it is (`accept-encoding: identity`), failing
 * on anything else rather than handing compressed bytes to the envelope reader.
 */
export const nodeHttpSend = (fallback: HttpSend): HttpSend | undefined => {
  const http = builtin('node:http');
  const https = builtin('node:https');
  if (!http || !https) return undefined;
  // A client calls one or two URLs: each is parsed once, not once per request.
  const targets = new Map<string, Target>();
  const targetOf = (base: string): Target => {
    let target = targets.get(base);
    if (!target) {
      const url = new URL(base);
      target = {
        protocol: url.protocol,
        // node:http wants an IPv6 host without its brackets.
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        path: url.pathname,
      };
      targets.set(base, target);
    }
    return target;
  };
  return (url, request) => {
    const { body, headers, onAbort } = request;
    if (typeof body !== 'string') return fallback(url, request);
    const query = url.indexOf('?');
    const target = targetOf(query < 0 ? url : url.slice(0, query));
    const module = target.protocol === 'https:' ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      const call = module.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          path: query < 0 ? target.path : target.path + url.slice(query),
          method: 'POST',
          headers: {
            ...headers,
            'accept-encoding': 'identity',
            'content-length': utf8Length(body),
          },
          // Stopped directly when the client registers for it; a signal only otherwise.
          ...(onAbort ? {} : { signal: request.signal }),
        },
        (answer) => {
          const status = answer.statusCode ?? 0;
          const encoding = headerOf(answer, 'content-encoding');
          if (status >= 300 && status < 400) {
            answer.resume();
            reject(new Error(`redirect refused (HTTP ${status})`));
            return;
          }
          if (encoding !== null && encoding !== 'identity') {
            answer.resume();
            reject(new Error(`unexpected content-encoding ${encoding}`));
            return;
          }
          resolve({
            status,
            headers: { get: (name) => headerOf(answer, name) },
            text: () => readText(answer),
          });
        },
      );
      call.on('error', reject);
      onAbort?.((reason) => call.destroy(reason));
      call.end(body);
    });
  };
};
