import type { MethodName } from '../../services/wire/methods.js';

/** Who is calling, as the host's `authorize` hook recognised them. */
export interface ProxyCaller {
  /** Stable id of the signed-in user (or session); executions are bound to it. */
  readonly callerId: string;
  /**
   * When the host already knows the customer this caller onboards as, register and start
   * accept no other customerId (so no caller can claim someone else's customerId first).
   */
  readonly customerId?: string;
}

/**
 * Identifies the caller from the request's headers (session cookie, bearer token, …);
 * `null` or `undefined` refuses the call. Read headers only: the body is the proxy's.
 */
export type Authorize = (
  request: Request,
) => ProxyCaller | null | undefined | Promise<ProxyCaller | null | undefined>;

/** `customer:<customerId>` or `execution:<executionId>`. */
export type BindingKey = `customer:${string}` | `execution:${string}`;

/**
 * Where the proxy remembers which caller owns a customer or an execution. In memory by
 * default (`createMemoryBindings`); a backend with several instances plugs a shared store.
 * With Redis and the same sliding expiry: `get` is `GETEX key PX ttl`, `set` is
 * `SET key callerId NX GET PX ttl` (answering the previous value, else the new one).
 */
export interface ExecutionBindings {
  /** The caller bound to `key`, if any. */
  get(key: BindingKey): Promise<string | undefined>;
  /**
   * Binds `key` to `callerId` unless it is bound already (first writer wins, atomically)
   * and answers the caller bound after the call: `callerId`, or the earlier owner.
   */
  set(key: BindingKey, callerId: string): Promise<string>;
}

/** Why the proxy answered with its own error; the host's `onError` hears the detail. */
export type ProxyRefusal =
  | 'unauthenticated'
  | 'foreignCustomer'
  | 'foreignExecution'
  | 'methodNotAllowed'
  | 'httpMethodNotAllowed'
  | 'unsupportedMediaType'
  | 'invalidBody'
  | 'bodyTooLarge'
  | 'upstreamUnavailable'
  | 'upstreamTimeout'
  | 'upstreamRefused'
  | 'invalidAnswer'
  | 'internal';

/** Told to the host (server side only) on every refusal, with detail the caller never sees. */
export interface ProxyErrorEvent {
  readonly refusal: ProxyRefusal;
  readonly api: string | undefined;
  readonly callerId: string | undefined;
  /** What went wrong, with detail the caller never sees (upstream status, thrown error). */
  readonly detail?: unknown;
}

/** The pseudo-method of the upload route: `POST {proxyUrl}?api=storage.upload`, multipart. */
export const UPLOAD_API = 'storage.upload';

export interface GatewayProxyOptions {
  readonly gatewayUrl: string;
  readonly apiKey: string;
  /** Signs what the proxy forwards; never leaves the server. */
  readonly apiSecret: string;
  readonly domainId: string;
  readonly authorize: Authorize;
  /** Defaults to every KYC method of the flow; methods outside the wire contract never pass. */
  readonly allowedMethods?: readonly MethodName[];
  /**
   * Defaults to `createMemoryBindings()`: this process only, bounded, each binding
   * forgotten 7 days after its last use (see there what that window means).
   */
  readonly bindings?: ExecutionBindings;
  /** Largest JSON body accepted, in bytes; default 64 KiB. */
  readonly maxBodyBytes?: number;
  /** Largest multipart upload accepted, in bytes; default 10 MiB. */
  readonly maxUploadBytes?: number;
  /** Defaults to `gatewayUrl` with its last `/gateway` segment replaced by `/storage`. */
  readonly storageUrl?: string;
  /** Upstream timeout per call, in ms; default 30 s. */
  readonly timeoutMs?: number;
  readonly apiVersion?: string;
  /** The `fetch` that reaches the gateway; defaults to the global one. */
  readonly fetch?: typeof globalThis.fetch;
  /** Hears every refusal and hidden upstream failure, for server-side logs and alerts. */
  readonly onError?: (event: ProxyErrorEvent) => void;
}

export type GatewayProxy = (request: Request) => Promise<Response>;
