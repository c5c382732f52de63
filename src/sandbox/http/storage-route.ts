import type { Context } from 'hono';
import { refuse } from '../answer.js';
import type { Random } from '../random.js';
import type { CallCheck } from './call-check.js';
import { envelope } from './exchange.js';

const refused = (c: Context, ...reason: Parameters<typeof refuse>) =>
  c.json(envelope(refuse(...reason)));

/** The upload's multipart form, or undefined when the body is not one. */
const formOf = async (c: Context, body: Uint8Array<ArrayBuffer>) => {
  try {
    return await new Response(body, {
      headers: { 'Content-Type': c.req.header('Content-Type') ?? '' },
    }).formData();
  } catch {
    return undefined;
  }
};

/**
 * `POST /storage`, which the vendor leaves undocumented. Chosen: the same `apiKey` query
 * parameter and `x-domain` header as the gateway; `sign` is optional (a client that signs
 * the multipart bytes is checked, one that does not is accepted), because browsers upload
 * through the host's proxy and multipart bodies are awkward to sign.
 */
export const storageUpload =
  (calls: CallCheck, random: Random) =>
  async (c: Context): Promise<Response> => {
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!calls.authorised(c)) {
      return refused(c, 'API_NON_AUTHORIZED', 'apiKey or x-domain: not recognised');
    }
    const sign = c.req.query('sign');
    if (sign !== undefined && !(await calls.signed(body, sign))) {
      return refused(c, 'SIGN_ERROR', 'sign: does not match the body');
    }
    const form = await formOf(c, body);
    if (!form) return refused(c, 'API_INVALID_REQUEST', 'body: expected multipart/form-data');
    const file = form.get('file');
    const executionId = form.get('executionId');
    if (typeof file === 'string' || file === null) {
      return refused(c, 'API_INVALID_REQUEST', 'file: required (a file part)');
    }
    if (typeof executionId !== 'string' || executionId === '') {
      return refused(c, 'API_INVALID_REQUEST', 'executionId: required');
    }
    const filename = (file.name || 'upload').replace(/[^A-Za-z0-9._-]/g, '_');
    const url = `s3://workflow-kyc/${encodeURIComponent(executionId)}/${random.hex(12)}-${filename}`;
    const data = { url, filename, content_type: file.type || undefined, size: file.size };
    return c.json(envelope({ ok: true, data }));
  };
