import { createHmac } from 'node:crypto';

/**
 * What an integrator writes without kyc-flow: `fetch`, `node:crypto` signing, one check of
 * the envelope. No validation, no retries: the baseline the benchmark measures against.
 */
export interface PlainGatewayOptions {
  readonly gatewayUrl: string;
  readonly storageUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly domainId: string;
  readonly fetch?: typeof globalThis.fetch;
}

export interface PlainGateway {
  call(method: string, body: object): Promise<Record<string, unknown>>;
  upload(file: Blob, filename: string, executionId: string): Promise<string>;
}

interface Envelope {
  readonly apiCode?: number;
  readonly apiMsg?: string;
  readonly data?: Record<string, unknown> | null;
}

export function createPlainGateway(options: PlainGatewayOptions): PlainGateway {
  const send = options.fetch ?? globalThis.fetch;
  const headers = { 'content-type': 'application/json', 'x-domain': options.domainId };

  const open = async (response: Response, what: string) => {
    const envelope = (await response.json()) as Envelope;
    if (envelope.apiCode !== 200 || !envelope.data) {
      throw new Error(`${what}: apiCode ${envelope.apiCode} ${envelope.apiMsg ?? ''}`);
    }
    return envelope.data;
  };

  return {
    async call(method, body) {
      const text = JSON.stringify(body);
      const sign = createHmac('sha256', options.apiSecret).update(text).digest('hex');
      const query = new URLSearchParams({
        api: method,
        apiVersion: '1.0.0',
        apiKey: options.apiKey,
        sign,
      });
      const response = await send(`${options.gatewayUrl}?${query}`, {
        method: 'POST',
        headers,
        body: text,
      });
      return open(response, method);
    },
    async upload(file, filename, executionId) {
      const form = new FormData();
      form.set('file', file, filename);
      form.set('executionId', executionId);
      const response = await send(`${options.storageUrl}?apiKey=${options.apiKey}`, {
        method: 'POST',
        headers: { 'x-domain': options.domainId },
        body: form,
      });
      const data = await open(response, 'storage');
      return String(data.url);
    },
  };
}
