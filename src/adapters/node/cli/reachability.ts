import { GatewayError } from '../../../services/errors/gateway-error.js';
import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';
import { TransportError } from '../../../services/errors/transport-error.js';
import { DEFAULT_TIMEOUT_MS } from '../../../services/transport.js';
import type { RetryEvent } from '../../../services/types.js';
import { UPLOAD_API } from '../../../services/wire/upload-api.js';
import { systemCode } from '../system-code.js';
import type { ConnectionState } from './connection-watch.js';

const TLS_CODE = /CERT|TLS|SSL|UNABLE_TO_(?:GET|VERIFY)/;

const NETWORK_CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'DNS: the host name does not resolve',
  EAI_AGAIN: 'DNS: the name server did not answer',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the network',
};

/**
 * Node's fetch, as browsers do, never connects to the ports the Fetch standard lists as bad
 * (1, 25, 6000…), and says only "bad port" beneath its "fetch failed".
 */
const BLOCKED_PORT =
  'the port is one fetch never connects to (a blocked port, as in browsers): use another';

function blockedPort(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current.message === 'bad port') return true;
    current = current.cause;
  }
  return false;
}

/**
 * An attempt that ran out of its time, by where its connection got: a host that took it and
 * said nothing is reached (a hung gateway, a proxy waiting on one), unlike one that never
 * took it (a firewall dropping it, a wrong address) or one that refuses it (ECONNREFUSED).
 */
export function timeoutCause(connection: ConnectionState | undefined, attemptMs: number): string {
  const timeout = `the per-attempt timeout (${attemptMs / 1000} s`;
  if (connection === 'connected') {
    return `it did not answer within ${timeout}) on a connection it accepted`;
  }
  if (connection === undefined) return `no answer within ${timeout})`;
  return `no connection within ${timeout}; the host neither took nor refused it: a firewall, or a wrong address)`;
}

/**
 * Why an attempt got no answer from the gateway, in a few words with the system's code;
 * `timedOut` says it for an attempt that ran out of time (`timeoutCause`).
 */
export function transportCause(
  error: unknown,
  timedOut = timeoutCause(undefined, DEFAULT_TIMEOUT_MS),
): string | undefined {
  if (!(error instanceof TransportError)) return undefined;
  if (error.failure === 'timeout') return timedOut;
  if (error.failure === 'http') return `it answers HTTP ${error.status ?? '?'}`;
  if (error.failure !== 'network') return undefined;
  const code = systemCode(error.cause);
  if (code === undefined) return blockedPort(error.cause) ? BLOCKED_PORT : 'network error';
  if (TLS_CODE.test(code)) return `TLS: the connection is not trusted (${code})`;
  // zlib's: the answer came, compressed as its content-encoding does not say.
  if (code.startsWith('Z_')) return `its answer could not be decoded (${code})`;
  return `${NETWORK_CAUSES[code] ?? 'network error'} (${code})`;
}

/**
 * One failed attempt that the client makes again, in a line: a gateway that does not answer
 * shows as such while the run waits on it (an attempt may take its whole timeout), not as
 * a run that says nothing. The gateway's message is left out: it may quote the customer.
 */
export function describeRetry(
  { method, retry, error }: RetryEvent,
  said = transportCause(error),
): string {
  const cause =
    said ??
    (error instanceof GatewayError
      ? `the gateway answers ${error.apiCode}`
      : error instanceof KycFlowError
        ? error.code
        : error.name);
  return `  ${method}: ${cause}; trying again (retry ${retry})`;
}

export interface ReachabilityOptions {
  /** The client's per-attempt timeout; ky's default (`DEFAULT_TIMEOUT_MS`) if not given. */
  readonly attemptMs?: number;
  /** Where an upload's attempts go, when not beside the gateway. */
  readonly storageUrl?: string;
  /** Where the latest connection to a host got (`watchConnections`), if it is known. */
  readonly connectionTo?: (host: string) => ConnectionState | undefined;
}

/**
 * Watches the client's failed attempts (`onRetry`) to say why the gateway could not be
 * reached, naming its host: the flow itself only knows that it is suspended.
 */
export function createReachability(gatewayUrl: string, options: ReachabilityOptions = {}) {
  const host = new URL(gatewayUrl).host;
  const storageHost = options.storageUrl ? new URL(options.storageUrl).host : host;
  const attemptMs = options.attemptMs ?? DEFAULT_TIMEOUT_MS;
  const causeOf = ({ method, error }: RetryEvent) =>
    transportCause(
      error,
      timeoutCause(options.connectionTo?.(method === UPLOAD_API ? storageHost : host), attemptMs),
    );
  let cause: string | undefined;
  return {
    onRetry(event: RetryEvent) {
      cause = causeOf(event) ?? cause;
    },
    /** The line `describeRetry` gives, with what is known of the attempt's connection. */
    retryLine: (event: RetryEvent): string => describeRetry(event, causeOf(event)),
    /**
     * One line for the end of a suspended run. With no retry heard (a status the client does
     * not retry, which the flow retried by itself), the flow's last error says what came back.
     */
    describe: (lastError?: { readonly message: string }): string => {
      const message = lastError?.message ?? '';
      // Refused, never followed: a signed call does not go where a `Location` points.
      if (!cause && / failed: redirect\b/.test(message)) {
        return `the gateway at ${host} answers with a redirect, which is never followed (a maintenance page, or a gateway URL that moved: check the scheme, host and path of the gateway URL)`;
      }
      const status = cause ? undefined : /\(HTTP (\d{3})\)/.exec(message)?.[1];
      if (status) return `the gateway at ${host} answers HTTP ${status}`;
      // An answer that came (a 429, a body it could not decode) is no unreachable gateway.
      if (cause?.startsWith('it')) return `the gateway at ${host} was reached, but ${cause}`;
      // Not known to be reached, nor not to be: an attempt that timed out over another fetch.
      if (cause?.startsWith('no answer')) return `the gateway at ${host} gave ${cause}`;
      return `the gateway at ${host} could not be reached${cause ? `: ${cause}` : ''}`;
    },
  };
}
