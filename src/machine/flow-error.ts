import { GatewayError } from '../services/errors/gateway-error.js';
import { KycFlowError } from '../services/errors/kyc-flow-error.js';
import { TransportError } from '../services/errors/transport-error.js';
import { ValidationError } from '../services/errors/validation-error.js';
import { proxyCodeOf } from '../services/proxy-code.js';
import { GATEWAY_CODES, WORKFLOW_CODES } from '../services/wire/vocabulary.js';
import type { FlowError } from './types.js';

/** Codes the chart itself raises (no gateway call failed). */
export const FLOW_CODES = {
  /** A restored `verifying` lost its code (codes are never persisted): ask again. */
  OTP_CODE_REQUIRED: 'OTP_CODE_REQUIRED',
  OTP_IDENTITY_MISSING: 'OTP_IDENTITY_MISSING',
  OTP_RESEND_COOLDOWN: 'OTP_RESEND_COOLDOWN',
  /** VERIFY_OTP with a code the gateway already refused for this one: not sent again. */
  OTP_CODE_REFUSED: 'OTP_CODE_REFUSED',
  /** Too many wrong codes: this code is spent; RESEND_OTP after the cooldown. */
  OTP_LOCKED: 'OTP_LOCKED',
  /** `whenDone()` of a flow stopped before a final state. */
  FLOW_STOPPED: 'FLOW_STOPPED',
  DOCUMENTS_MISSING: 'DOCUMENTS_MISSING',
  FORMS_MISSING: 'FORMS_MISSING',
  /**
   * An answer still breaks the contract after the tolerant reading, read after read: the
   * flow waits in `needsAttention` (for an upgrade, or a fixed gateway) until RETRY.
   */
  CONTRACT_BROKEN: 'CONTRACT_BROKEN',
  /** The gateway refused our credentials: the host's configuration, not the customer. */
  CREDENTIALS_REFUSED: 'CREDENTIALS_REFUSED',
  /**
   * The gateway took the node's answer, and took it again, yet keeps the node waiting for
   * it (`ANSWER_WAIT_MS` after each): the flow waits in `needsAttention` until RETRY.
   */
  ANSWER_NOT_TAKEN: 'ANSWER_NOT_TAKEN',
  /**
   * The execution showed a status the guide does not list (or WAITING with no node) for
   * `maxUnknownStatusMs`: the flow waits in `needsAttention`; RETRY reads it again.
   */
  UNKNOWN_STATUS: 'UNKNOWN_STATUS',
  UNEXPECTED: 'UNEXPECTED_ERROR',
} as const;

/** An error the chart raises without calling the gateway. */
export class FlowInputError extends KycFlowError {
  override readonly name = 'FlowInputError';
  readonly retryable = false;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `whenDone()` of a flow stopped before it reached a final state: it will never end by
 * itself. `persist()` still works, and a flow restored from it carries on.
 */
export class FlowStoppedError extends KycFlowError {
  override readonly name = 'FlowStoppedError';
  readonly code = FLOW_CODES.FLOW_STOPPED;
  readonly retryable = false;
  constructor(
    /** The dotted state it was stopped in. */
    readonly state: string,
  ) {
    super(`the flow was stopped in ${state || 'idle'} before it ended`);
  }
}

/**
 * What an error means for the flow:
 * - `transient`: nothing wrong with the request; try again later (`suspended`).
 * - `nodeMoved`: the node is no longer waiting; ask the server where we are.
 * - `executionGone`: the server does not know the execution.
 * - `otpLocked`: too many wrong codes for this one.
 * - `codeMissing`: a restored verify lost its code.
 * - `rejected`: this input was refused; the host must change it.
 * - `contractBroken`: the answer breaks the contract even read tolerantly.
 * - `credentialsRefused`: the gateway refused our apiKey or signature.
 */
export type ErrorDisposition =
  | 'transient'
  | 'contractBroken'
  | 'credentialsRefused'
  | 'nodeMoved'
  | 'executionGone'
  | 'otpLocked'
  | 'codeMissing'
  | 'rejected';

/** Codes by which the gateway refuses the integrator's credentials (key, secret, domain). */
const CREDENTIAL_CODES: readonly number[] = [
  GATEWAY_CODES.SIGN_ERROR,
  GATEWAY_CODES.API_NON_AUTHORIZED,
];

// Server-side trouble that says nothing about the request (999000, 999402): repeating a
// submission is safe thanks to its callbackKey, so these suspend instead of blaming input.
// So does an OTP send too soon (first or resend): the gateway's "not yet", as an HTTP 429
// is; the flow waits the time it named (`retryAfterOf`), then sends the held request again.
const SERVER_TROUBLE: readonly number[] = [
  GATEWAY_CODES.GATEWAY_ERROR,
  GATEWAY_CODES.SERVICE_TIME_OUT,
  GATEWAY_CODES.SERVICE_INVOKE_ERROR,
  WORKFLOW_CODES.OTP_COOLDOWN,
];

export function dispositionOf(error: unknown): ErrorDisposition {
  if (error instanceof FlowInputError) {
    return error.code === FLOW_CODES.OTP_CODE_REQUIRED ? 'codeMissing' : 'rejected';
  }
  if (error instanceof GatewayError) {
    if (error.apiCode === WORKFLOW_CODES.NODE_NOT_WAITING) return 'nodeMoved';
    if (error.apiCode === WORKFLOW_CODES.EXECUTION_NOT_FOUND) return 'executionGone';
    if (error.apiCode === WORKFLOW_CODES.OTP_LOCKED) return 'otpLocked';
    if (CREDENTIAL_CODES.includes(error.apiCode)) return 'credentialsRefused';
    if (error.retryable || SERVER_TROUBLE.includes(error.apiCode)) return 'transient';
    // Refused after an attempt whose answer was lost (`retryCount`): maybe the repeat of one
    // the node took before it moved on, under a code the client does not know. The status
    // read says; a node still waiting gets the answer once more, and a refusal then is real.
    return error.retryCount ? 'nodeMoved' : 'rejected';
  }
  // A garbled request is ours to fix; an answer that breaks the contract is nobody's
  // network fault: it is counted, and read again a few times before the flow stops.
  if (error instanceof ValidationError)
    return error.direction === 'request' ? 'rejected' : 'contractBroken';
  // HTTP 401 and 403: a gateway behind an API gateway refuses a key by status, not apiCode.
  if (error instanceof TransportError) {
    return error.status === 401 || error.status === 403 ? 'credentialsRefused' : 'transient';
  }
  if (error instanceof KycFlowError) return error.retryable ? 'transient' : 'rejected';
  // Anything else is a bug or an unknown runtime failure: keep everything, let the host retry.
  return 'transient';
}

export function toFlowError(error: unknown): FlowError {
  if (!(error instanceof KycFlowError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: FLOW_CODES.UNEXPECTED, message, retryable: true };
  }
  const disposition = dispositionOf(error);
  const field = error instanceof ValidationError ? error.field : '';
  const gateway = error instanceof GatewayError;
  // The proxy's refusals keep their own code (a caller signed out is not a wrong secret).
  const proxyCode = gateway ? proxyCodeOf(error.apiMsg) : undefined;
  const broken = disposition === 'contractBroken';
  const refused = disposition === 'credentialsRefused';
  // Nobody's input: RETRY carries on once the gateway, the client or the configuration is.
  const stops = broken || refused;
  return {
    code:
      proxyCode ??
      (broken ? FLOW_CODES.CONTRACT_BROKEN : refused ? FLOW_CODES.CREDENTIALS_REFUSED : error.code),
    // A gateway's refusal may describe our credentials: its code says enough (the proxy's
    // says only what it refused). A broken answer's names the method, the field and what
    // was expected, never the value.
    message:
      refused && gateway && !proxyCode
        ? `${error.method}: credentials refused (${error.apiCode})`
        : error.message,
    ...(gateway ? { apiCode: error.apiCode } : {}),
    ...(stops && 'method' in error ? { method: String(error.method) } : {}),
    // Retryable for the host: RETRY (or time) may fix it, the input need not change.
    retryable: stops || disposition === 'transient',
    ...(field ? { field } : {}),
  };
}

/** The `Retry-After` hint an error carries, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  // Gateway and transport errors carry one; not finite: none, or no number at all.
  const retryAfterMs = (error as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return Number.isFinite(retryAfterMs)
    ? Math.min(retryAfterMs as number, LONGEST_RETRY_AFTER_MS)
    : undefined;
}

/**
 * The longest a gateway's `Retry-After` is waited: a day, past any rate limit's. A longer
 * one (a date years away, a header misread) would park the flow for good.
 */
export const LONGEST_RETRY_AFTER_MS = 86_400_000;
