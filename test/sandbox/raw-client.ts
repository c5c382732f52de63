/**
 * A client that knows only the vendor's guide: it builds the URL by hand, signs the exact
 * body bytes with `node:crypto`, sends JSON string fields as strings and uses plain
 * `fetch`. Other suites may import it to talk to a sandbox without our client.
 */
import { createHmac } from 'node:crypto';

export interface RawCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly domainId: string;
}

export interface RawEnvelope {
  readonly apiCode: number;
  readonly apiMsg?: string;
  readonly data: unknown;
}

/** One request, with every part overridable so a test can get each one wrong. */
export interface RawRequest {
  readonly api: string;
  /** Sent byte for byte. */
  readonly body: string;
  readonly apiKey?: string;
  readonly apiVersion?: string;
  readonly domainId?: string;
  /** Default: the correct signature of `body`. */
  readonly sign?: string;
}

export const signBody = (secret: string, body: string): string =>
  createHmac('sha256', secret).update(body, 'utf8').digest('hex');

export interface RawClient {
  /** The HTTP response, untouched. */
  post(request: RawRequest): Promise<Response>;
  /** `JSON.stringify(payload)`, signed, sent; the envelope. */
  call(api: string, payload: unknown): Promise<RawEnvelope>;
  /** Like `call`, but the `data` of a 200 envelope (throws on any other apiCode). */
  data<T = Record<string, unknown>>(api: string, payload: unknown): Promise<T>;
}

export function rawClient(gatewayUrl: string, credentials: RawCredentials): RawClient {
  const post = (request: RawRequest) => {
    const url =
      `${gatewayUrl}?api=${encodeURIComponent(request.api)}` +
      `&apiVersion=${encodeURIComponent(request.apiVersion ?? '1.0.0')}` +
      `&apiKey=${encodeURIComponent(request.apiKey ?? credentials.apiKey)}` +
      `&sign=${request.sign ?? signBody(credentials.apiSecret, request.body)}`;
    return fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'x-domain': request.domainId ?? credentials.domainId,
      },
      body: request.body,
    });
  };
  const call = async (api: string, payload: unknown): Promise<RawEnvelope> => {
    const response = await post({ api, body: JSON.stringify(payload) });
    return (await response.json()) as RawEnvelope;
  };
  return {
    post,
    call,
    async data<T>(api: string, payload: unknown) {
      const envelope = await call(api, payload);
      if (envelope.apiCode !== 200) {
        throw new Error(`${api}: ${envelope.apiCode} ${envelope.apiMsg ?? ''}`);
      }
      return envelope.data as T;
    },
  };
}
