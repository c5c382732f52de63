import type { MethodInput, MethodName, MethodOutput } from './wire/methods.js';

export interface CallOptions {
  /** Aborts the call at once, also while it waits to retry (`TransportError` `'abort'`). */
  readonly signal?: AbortSignal;
  /** Overrides the client's retry policy for this call only. */
  readonly retry?: Partial<RetryPolicy>;
  /** Overrides the client's per-attempt timeout for this call only. */
  readonly timeoutMs?: number;
}

/** One POST as the client hands it to the wire. */
export interface HttpRequest {
  readonly body: string | FormData;
  readonly headers: Record<string, string>;
  /** Aborts when the attempt is given up. Made when first read. */
  readonly signal: AbortSignal;
  /**
   * The same without a signal: `stop` is called when the attempt is given up. A sender that
   * can stop its request directly (node:http) registers here and never reads `signal`,
   * which spares an AbortSignal per request.
   */
  readonly onAbort?: (stop: (reason: Error) => void) => void;
}

/**
 * Sends one POST and answers the response whatever its status: timeouts, retries and
 * reading the envelope are the client's own, around it.
 */
export type HttpSend = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/**
 * What the client reads of an answer: a fetch `Response` is one, and so is the light
 * reading of `node:http`'s answer (see `node-http-send.ts`), which builds no web stream.
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
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

export interface RetryPolicy {
  /** How many times a failed call is tried again (0 disables retries). */
  readonly limit: number;
  /** First back-off in ms; doubles on every attempt, with full jitter. */
  readonly baseDelayMs: number;
  /** No single back-off (including a `Retry-After`) is longer than this. */
  readonly maxDelayMs: number;
}

/** Told before every retry, so a host can log or trace it. */
export interface RetryEvent {
  readonly method: MethodName | 'storage.upload';
  /** 1 for the first retry. */
  readonly retry: number;
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
  readonly fetch?: typeof globalThis.fetch;
  readonly sign?: Signer;
  readonly upload?: Uploader;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt. */
  readonly timeoutMs?: number;
  readonly onRetry?: (event: RetryEvent) => void;
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
  /** The typed `data` of a successful answer; throws `ValidationError` when it is not one. */
  readResponse<M extends MethodName>(method: M, data: unknown): MethodOutput<M>;
}
