import { answerDecoder, charsetOf, textUpTo } from '../../services/answer-text.js';
import { failedWrapper, parseEnvelope, SUCCESS_CODE } from '../../services/envelope.js';
import { parseRetryAfter } from '../../services/retry-after.js';
import { GATEWAY_CODES } from '../../services/wire/vocabulary.js';
import { CODE_NAMES, failureResponse, refusalResponse } from './envelope.js';
import type { ProxyRefusal } from './types.js';

/** The `data` of an upstream success, or the caller's answer to an upstream failure. */
export type Relayed =
  | { readonly ok: true; readonly data: unknown }
  | {
      readonly ok: false;
      readonly response: Response;
      /** Set when the failure hides something the host should log. */
      readonly refusal?: ProxyRefusal;
      readonly detail?: unknown;
    };

/**
 * Codes that mean the gateway refused the proxy itself (bad signature, unknown apiKey):
 * the caller can do nothing about them, and their messages may describe our credentials.
 */
const PROXY_FAULT_CODES: readonly number[] = [
  GATEWAY_CODES.SIGN_ERROR,
  GATEWAY_CODES.API_NON_AUTHORIZED,
];

/** The longest wait the proxy passes on: a gateway's figure past it is a mistake, not a plan. */
export const MAX_RELAYED_RETRY_AFTER_S = 3600;

/**
 * The gateway's `Retry-After`, as whole seconds from now (a date read as ky reads it), no
 * more than an hour: any other client behind the proxy would otherwise wait out
 * `99999999999999999999` seconds as given. Unreadable, it is left out.
 */
const retryAfterOf = (upstream: Response): Record<string, string> => {
  const afterMs = parseRetryAfter(upstream.headers.get('retry-after'));
  if (afterMs === undefined || !Number.isFinite(afterMs)) return {};
  const seconds = Math.min(Math.ceil(afterMs / 1000), MAX_RELAYED_RETRY_AFTER_S);
  return { 'retry-after': String(seconds) };
};

/** No answer the caller can be given: the detail is the host's, for its logs. */
const unavailable = (detail: { readonly status: number; readonly envelope: string }): Relayed => ({
  ok: false,
  response: refusalResponse('upstreamUnavailable'),
  refusal: 'upstreamUnavailable',
  detail,
});

/** The gateway refused the proxy's own credentials: the caller hears that, never why. */
const refusedProxy = (
  status: number,
  said: { readonly apiCode: number; readonly apiMsg: string },
): Relayed => ({
  ok: false,
  response: refusalResponse('upstreamRefused'),
  refusal: 'upstreamRefused',
  detail: { status, apiCode: said.apiCode, apiMsg: said.apiMsg },
});

/**
 * A success is read for its `data` alone (the caller answers with it in an envelope of its
 * own: nothing else of the gateway's, its message or extra fields, reaches a page). A
 * failure keeps its code and HTTP class (so the
 * client still retries a 5xx/429 or 999401, and still recognises a workflow code) but
 * loses the gateway's message and any other detail. An answer longer than `maxBytes` is
 * cut off unread and refused as no answer: nothing a gateway streams makes the proxy hold
 * more. So is one in a charset the proxy cannot decode: relayed, it would be garbage.
 */
export const relay = async (upstream: Response, maxBytes: number): Promise<Relayed> => {
  const decoder = answerDecoder(upstream);
  if (!decoder) {
    const envelope = `answer in charset ${charsetOf(upstream)}, which the proxy cannot decode`;
    return unavailable({ status: upstream.status, envelope });
  }
  const text = await textUpTo(upstream, maxBytes, decoder);
  if (text === undefined) {
    const detail = { status: upstream.status, envelope: `answer longer than ${maxBytes} bytes` };
    return unavailable(detail);
  }
  const reading = parseEnvelope(text);
  // Whatever the HTTP status around it: a refusal of the proxy's own credentials is no
  // passing trouble, and the caller must not be told to try again.
  if (reading.ok && PROXY_FAULT_CODES.includes(reading.envelope.apiCode)) {
    return refusedProxy(upstream.status, reading.envelope);
  }
  const transient = upstream.status === 429 || upstream.status >= 500;
  const retryAfter = retryAfterOf(upstream);

  if (transient) {
    const apiCode = reading.ok ? reading.envelope.apiCode : GATEWAY_CODES.GATEWAY_ERROR;
    return {
      ok: false,
      response: failureResponse(
        upstream.status,
        apiCode,
        CODE_NAMES.get(apiCode) ?? 'GATEWAY_ERROR',
        retryAfter,
      ),
    };
  }
  if (!reading.ok) return unavailable({ status: upstream.status, envelope: reading.message });

  // A wrapper that says it failed is the gateway's failure, relayed as one (its code).
  const failed = failedWrapper(reading.envelope.data);
  const { apiCode, data } = failed ? { ...failed, data: null } : reading.envelope;
  if (apiCode === SUCCESS_CODE && upstream.ok) {
    return { ok: true, data };
  }
  if (failed && PROXY_FAULT_CODES.includes(apiCode)) return refusedProxy(upstream.status, failed);
  const name = CODE_NAMES.get(apiCode) ?? 'REQUEST_FAILED';
  const status = upstream.status >= 400 ? upstream.status : 200;
  return { ok: false, response: failureResponse(status, apiCode, name, retryAfter) };
};
