import { GatewayError } from '../../../services/errors/gateway-error.js';
import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';
import { TransportError } from '../../../services/errors/transport-error.js';
import type { RetryEvent } from '../../../services/types.js';
import { systemCode } from '../system-code.js';

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

/** Why an attempt got no answer from the gateway, in a few words with the system's code. */
export function transportCause(error: unknown): string | undefined {
  if (!(error instanceof TransportError)) return undefined;
  if (error.failure === 'timeout') return 'no answer in time (timeout)';
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
export function describeRetry({ method, retry, error }: RetryEvent): string {
  const cause =
    transportCause(error) ??
    (error instanceof GatewayError
      ? `the gateway answers ${error.apiCode}`
      : error instanceof KycFlowError
        ? error.code
        : error.name);
  return `  ${method}: ${cause}; trying again (retry ${retry})`;
}

/**
 * Watches the client's failed attempts (`onRetry`) to say why the gateway could not be
 * reached, naming its host: the flow itself only knows that it is suspended.
 */
export function createReachability(gatewayUrl: string) {
  const host = new URL(gatewayUrl).host;
  let cause: string | undefined;
  return {
    onRetry(event: RetryEvent) {
      cause = transportCause(event.error) ?? cause;
    },
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
      return `the gateway at ${host} could not be reached${cause ? `: ${cause}` : ''}`;
    },
  };
}
