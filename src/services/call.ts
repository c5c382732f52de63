import type { Endpoint } from './envelope.js';
import { TransportError } from './errors/index.js';

/** One call through the transport, as its attempts and ky's hooks share it. */
export interface Call {
  readonly endpoint: Endpoint;
  /** Signed once, sent as it is on every attempt. */
  readonly body: string | FormData;
  /** The caller's: ends the call, back-off waits included. */
  readonly signal: AbortSignal | undefined;
  /** The latest attempt's answer body, read to its end by the attempt itself. */
  text?: string;
  /** The envelope's `data`, once an attempt read a successful answer. */
  answer?: { readonly data: unknown };
  /** The back-off ky drew before the coming retry, for the retry event. */
  backoffMs?: number;
}

/**
 * Why a call stopped on its caller's signal: `timeout` when the signal is a deadline
 * (`AbortSignal.timeout`, the whole call's), `abort` otherwise.
 */
export const stoppedBy = (endpoint: Endpoint, signal: AbortSignal): TransportError =>
  new TransportError(
    endpoint,
    signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError'
      ? 'timeout'
      : 'abort',
  );
