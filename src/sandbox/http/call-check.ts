import type { Context } from 'hono';
import { type Refusal, refuse } from '../answer.js';
import { createSignatureCheck } from '../signing.js';
import type { SandboxCredentials } from '../types.js';

const API_VERSION = '1.0.0';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface CallCheck {
  /** The `apiKey` query parameter and the `x-domain` header are the sandbox's own. */
  authorised(c: Context): boolean;
  /** Whether `sign` is the HMAC-SHA256 of these exact bytes with the API secret. */
  signed(body: Uint8Array<ArrayBuffer>, sign: string | undefined): Promise<boolean>;
  /** The call's JSON body once credentials, signature and version check out. */
  check(c: Context, body: Uint8Array<ArrayBuffer>): Promise<{ ok: true; json: unknown } | Refusal>;
}

/** What the gateway checks on every call before it reads the body, in the order it refuses. */
export function createCallCheck(credentials: SandboxCredentials): CallCheck {
  const signed = createSignatureCheck(credentials.apiSecret);
  const authorised = (c: Context) =>
    c.req.query('apiKey') === credentials.apiKey &&
    c.req.header('x-domain') === credentials.domainId;
  return {
    authorised,
    signed,
    async check(c, body) {
      if (!authorised(c)) {
        return refuse('API_NON_AUTHORIZED', 'apiKey or x-domain: not recognised');
      }
      if (!(await signed(body, c.req.query('sign')))) {
        return refuse(
          'SIGN_ERROR',
          'sign: not the HMAC-SHA256 (lowercase hex) of the exact body bytes with the API secret',
        );
      }
      if (c.req.query('apiVersion') !== API_VERSION) {
        return refuse('API_NOT_FOUND', `apiVersion: only ${API_VERSION} exists`);
      }
      try {
        return { ok: true, json: JSON.parse(utf8.decode(body)) };
      } catch {
        return refuse('API_INVALID_REQUEST', 'body: not valid UTF-8 JSON');
      }
    },
  };
}
