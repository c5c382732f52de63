import { GATEWAY_CODES, WORKFLOW_CODES } from '../../services/wire/vocabulary.js';
import type { ProxyRefusal } from './types.js';

interface RefusalAnswer {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The envelope's `apiCode`: the gateway's own code wherever one fits. */
  readonly apiCode: number;
  /** The envelope's `apiMsg`: a stable code a client can switch on, then a plain sentence. */
  readonly apiMsg: string;
}

/**
 * Every answer the proxy makes itself, in one place. Codes reuse the gateway's: 999303 for
 * "not yours", 999302 for "not a method you may call", 999301 for "not a body we accept",
 * 999000 for "not now" (429 and 503: a client retries those after `Retry-After`).
 * `invalidBody` and `invalidAnswer` carry a `validation` report when the contract's schema
 * said no, which `kyc-flow`'s clients raise as a `ValidationError`.
 */
export const PROXY_REFUSALS: Readonly<Record<ProxyRefusal, RefusalAnswer>> = {
  unauthenticated: {
    status: 401,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_UNAUTHENTICATED: the caller is not signed in',
  },
  customerNotAsserted: {
    status: 403,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_NO_CUSTOMER: the host named no customer for this caller',
  },
  foreignCustomer: {
    status: 403,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_FOREIGN_CUSTOMER: the customer belongs to another caller',
  },
  customerIdRequired: {
    status: 400,
    apiCode: GATEWAY_CODES.API_INVALID_REQUEST,
    apiMsg: 'PROXY_CUSTOMER_ID_REQUIRED: register with the customerId (an email alone is refused)',
  },
  foreignExecution: {
    status: 403,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_FOREIGN_EXECUTION: the execution was not started by this caller',
  },
  // The gateway's word for a key whose node does not wait, so a page reads the status and
  // goes on from the node it shows, which the proxy then knows (a key it never showed, a
  // page resumed from before the proxy noted keys): a repeat under the same key then passes.
  unknownNode: {
    status: 409,
    apiCode: WORKFLOW_CODES.NODE_NOT_WAITING,
    apiMsg:
      'PROXY_UNKNOWN_NODE: the callbackKey names no node this execution was shown (read its status)',
  },
  drivenElsewhere: {
    status: 409,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_DRIVEN_ELSEWHERE: another device continues this verification just now',
  },
  handoffRefused: {
    status: 403,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_HANDOFF_REFUSED: this link cannot be used (ask for a new one)',
  },
  quotaExceeded: {
    status: 403,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_QUOTA_EXCEEDED: the caller holds as many customers and executions as allowed',
  },
  tooManyCalls: {
    status: 429,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_TOO_MANY_CALLS: too many calls from this caller; retry after Retry-After',
  },
  bindingsFull: {
    status: 503,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_BUSY: the proxy has no room for a new flow just now',
  },
  methodNotAllowed: {
    status: 404,
    apiCode: GATEWAY_CODES.API_NOT_FOUND,
    apiMsg: 'PROXY_API_NOT_ALLOWED: the api is not one the proxy forwards',
  },
  httpMethodNotAllowed: {
    status: 405,
    apiCode: GATEWAY_CODES.API_NOT_FOUND,
    apiMsg: 'PROXY_HTTP_METHOD_NOT_ALLOWED: only POST is accepted',
  },
  unsupportedMediaType: {
    status: 415,
    apiCode: GATEWAY_CODES.API_INVALID_REQUEST,
    apiMsg:
      'PROXY_UNSUPPORTED_MEDIA_TYPE: send application/json (multipart/form-data for storage.upload)',
  },
  invalidBody: {
    status: 400,
    apiCode: GATEWAY_CODES.API_INVALID_REQUEST,
    apiMsg: 'PROXY_INVALID_BODY: the body is not a valid request for this api',
  },
  bodyTooLarge: {
    status: 413,
    apiCode: GATEWAY_CODES.API_INVALID_REQUEST,
    apiMsg: 'PROXY_BODY_TOO_LARGE: the body exceeds the size limit',
  },
  bodyTooSlow: {
    status: 408,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_BODY_TOO_SLOW: the body did not arrive in time',
  },
  crossOrigin: {
    status: 403,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: "PROXY_CROSS_ORIGIN: calls are accepted from the site's own pages only",
  },
  unsupportedFile: {
    status: 415,
    apiCode: GATEWAY_CODES.API_INVALID_REQUEST,
    apiMsg: 'PROXY_UNSUPPORTED_FILE: the file is not of an accepted type',
  },
  tooManyUploads: {
    status: 429,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg:
      'PROXY_TOO_MANY_UPLOADS: too many uploads in flight or this minute, for this caller or on this server',
  },
  upstreamUnavailable: {
    status: 502,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_UPSTREAM_UNAVAILABLE: the gateway could not be reached or answered badly',
  },
  upstreamTimeout: {
    status: 504,
    apiCode: GATEWAY_CODES.SERVICE_TIME_OUT,
    apiMsg: 'PROXY_UPSTREAM_TIMEOUT: the gateway did not answer in time',
  },
  // The gateway's own word for it (a code the guide calls final), so no client retries it.
  upstreamRefused: {
    status: 502,
    apiCode: GATEWAY_CODES.API_NON_AUTHORIZED,
    apiMsg: 'PROXY_UPSTREAM_REFUSED: the gateway refused the proxy (check its configuration)',
  },
  invalidAnswer: {
    status: 502,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_INVALID_ANSWER: the gateway answered with data the contract does not allow',
  },
  internal: {
    status: 500,
    apiCode: GATEWAY_CODES.GATEWAY_ERROR,
    apiMsg: 'PROXY_INTERNAL_ERROR: the proxy failed',
  },
};
