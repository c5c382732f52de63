import type { MethodInput, MethodName, MethodOutput } from './wire/methods.js';
import type { UploadApi } from './wire/upload-api.js';

export interface CallOptions {
  /**
   * Ends the call at once, also while it waits to retry: a `TransportError` `'abort'`, or
   * `'timeout'` when the signal is a deadline (`AbortSignal.timeout(ms)` bounds the whole
   * call, every attempt and back-off included).
   */
  readonly signal?: AbortSignal;
  /** Overrides the client's retry policy for this call only. */
  readonly retry?: Partial<RetryPolicy>;
  /** Overrides the client's per-attempt timeout (headers and body) for this call only. */
  readonly timeoutMs?: number;
}

/** Signs the exact body bytes; the default is HMAC-SHA256 with the API secret. */
export type Signer = (body: string) => Promise<string>;

export interface UploadInput {
  readonly file: Blob;
  readonly filename: string;
  readonly executionId: string;
}
export interface UploadResult {
  readonly url: string;
}
/** Puts a file where the gateway can reference it by URL. */
export type Uploader = (input: UploadInput, options?: CallOptions) => Promise<UploadResult>;

/** How ky retries: its `limit`, `delay` and `jitter`, `backoffLimit` and `maxRetryAfter`. */
export interface RetryPolicy {
  /** How many times a failed call is tried again (0 disables retries). */
  readonly limit: number;
  /** First back-off in ms; doubles on every attempt, with full jitter. */
  readonly baseDelayMs: number;
  /** No single back-off (including a `Retry-After`) is longer than this. */
  readonly maxDelayMs: number;
}

/** Told before every retry goes out (ky's `beforeRetry`), so a host can log or trace it. */
export interface RetryEvent {
  readonly method: MethodName | UploadApi;
  /** 1 for the first retry. */
  readonly retry: number;
  /** The wait just taken before this retry: the back-off, or the server's `Retry-After`. */
  readonly delayMs: number;
  /** The typed error that made the attempt fail. */
  readonly error: Error;
}

export interface GatewayClientOptions {
  readonly gatewayUrl: string;
  readonly apiKey: string;
  /** Signs requests. Server side only; a browser passes `sign` (or a proxy `fetch`) instead. */
  readonly apiSecret?: string;
  readonly domainId: string;
  readonly storageUrl?: string;
  /**
   * The fetch ky sends with (undici's with a dispatcher, a tracer, a test double); the
   * platform's by default. Called as `fetch(url, init)`.
   */
  readonly fetch?: typeof globalThis.fetch;
  readonly sign?: Signer;
  readonly upload?: Uploader;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt, headers and body; default 10 s. */
  readonly timeoutMs?: number;
  readonly onRetry?: (event: RetryEvent) => void;
  /**
   * The longest answer `createGatewayClient` reads (default 4 MiB); a longer one is refused
   * unread, as an answer that breaks the contract. A browser's proxy client leaves this to
   * the proxy, which holds the gateway's answers to the same limit.
   */
  readonly maxAnswerBytes?: number;
}

/** One typed function per gateway method, named in the domain's words. */
export interface GatewayClient {
  readonly call: <M extends MethodName>(
    method: M,
    input: MethodInput<M>,
    options?: CallOptions,
  ) => Promise<MethodOutput<M>>;
  readonly register: MethodFunction<'workflow.applicant.register'>;
  readonly startWorkflow: MethodFunction<'workflow.apply.submit'>;
  readonly getExecution: MethodFunction<'workflow.execution.status'>;
  readonly submitIdentityDocument: MethodFunction<'workflow.kyc.ocr'>;
  readonly getOcrResult: MethodFunction<'workflow.kyc.ocr.data'>;
  readonly submitParticulars: MethodFunction<'workflow.kyc.particular.data'>;
  readonly submitLiveness: MethodFunction<'workflow.kyc.liveness.data'>;
  readonly sendOtp: MethodFunction<'workflow.kyc.otp.send'>;
  readonly verifyOtp: MethodFunction<'workflow.kyc.otp.verify'>;
  readonly addRequiredDocument: MethodFunction<'workflow.kyc.required.doc'>;
  readonly submitRequiredDocuments: MethodFunction<'workflow.kyc.required.doc.submit'>;
  readonly submitRequiredForm: MethodFunction<'workflow.kyc.required.form'>;
  readonly upload: Uploader;
}

export type MethodFunction<M extends MethodName> = (
  input: MethodInput<M>,
  options?: CallOptions,
) => Promise<MethodOutput<M>>;

/**
 * How a client writes a method's request and reads its answer: with the contract's schemas
 * (`zodWireCodec`, on servers), or plainly (`plainWireCodec`, in browsers, whose proxy
 * validates both directions with the schemas so the page need not carry them).
 */
export interface WireCodec {
  /** The body to send for the host's typed input; throws `ValidationError` when it cannot be sent. */
  encodeRequest<M extends MethodName>(method: M, input: MethodInput<M>): string;
  /**
   * The typed `data` of a successful answer to `input`; throws `ValidationError` when it is
   * not one (or, read with schemas, when it is about another execution than `input` named).
   */
  readResponse<M extends MethodName>(
    method: M,
    data: unknown,
    input?: MethodInput<M>,
  ): MethodOutput<M>;
}
