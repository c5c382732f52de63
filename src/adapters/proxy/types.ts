import type { MethodName } from '../../services/wire/methods.js';
import type { ExecutionBindings } from './binding-types.js';
import type { UploadType } from './file-types.js';
import type { HandoffOptions } from './flow-keeping.js';
import type { FlowsStore } from './flows-types.js';

/** Who is calling, as the host's `authorize` hook recognised them. */
export interface ProxyCaller {
  /** Stable id of the signed-in user; executions are bound to it. */
  readonly callerId: string;
  /**
   * The customer this caller onboards as, from the host's own records: register and start
   * accept no other. Required unless the proxy opts into `claimCustomers: 'first-caller'`,
   * and still honoured there when given.
   */
  readonly customerId?: string;
  /**
   * This device's sign-in session (your session's id), when one user may sign in on two
   * devices: a handoff goes from one device to another, and without it two devices of one
   * `callerId` are one caller, so the customer's phone, signed in as her too, could not open
   * her computer's link. Kept only as a digest.
   */
  readonly sessionId?: string;
}

/**
 * Identifies the caller from the request's headers (session cookie, bearer token, …);
 * `null` or `undefined` refuses the call. Read headers only: the body is the proxy's.
 */
export type Authorize = (
  request: Request,
) => ProxyCaller | null | undefined | Promise<ProxyCaller | null | undefined>;

/**
 * Who may act on a customer. `'never'` (the default): no caller claims one; `authorize`
 * names each caller's `customerId`. `'first-caller'`: for demos and tests whose callers
 * have no customer of record; a customerId becomes the caller's who first registers it
 * through the proxy (after the gateway accepted it). Its limits: whoever registers an id
 * first owns it (squatting), a caller learns that an id is someone else's, and once a
 * binding is forgotten (retention, or a full memory store) the id can be claimed again.
 * Ids are claimed folded (`foldCustomerId`): a case variant of another caller's is theirs.
 */
export type ClaimCustomers = 'never' | 'first-caller';

/** Per caller, whatever the store; a caller past one is refused until it has room again. */
export interface ProxyQuotas {
  /** Live bindings (customers and executions) one caller may hold; default 20. */
  readonly bindingsPerCaller?: number;
  /** Calls (uploads included) one caller may make per minute; default 120. */
  readonly callsPerMinute?: number;
  /**
   * Flows one caller may keep on the server at once (`flow.save` of executions not kept
   * yet); default 3. A person onboards once: this bounds what a few accounts can fill.
   */
  readonly keptFlowsPerCaller?: number;
  /**
   * Uploads one caller (with the devices its flows were handed to) may send to storage per
   * minute; default 10. Each can store `uploads.maxBytes` at the host's cost: within its
   * calls per minute alone, one account could store 1.2 GiB a minute.
   */
  readonly uploadsPerMinute?: number;
  /**
   * Distinct email addresses or phone numbers one execution may have OTP codes sent to,
   * besides those its waiting nodes name; default 3 (a phone number the node does not name,
   * and two corrections of it). Each code is a message the host pays for: without a bound,
   * one execution could have codes sent to any number of strangers' phones.
   */
  readonly otpIdentitiesPerExecution?: number;
}

export interface UploadOptions {
  /**
   * The older spelling of the top-level `allowedOrigins`, from when only uploads were
   * checked; it still works, and now governs every route as that one does. Given both, the
   * proxy allows the origins of either list.
   */
  readonly allowedOrigins?: readonly string[];
  /** Accepted types, recognised by the file's first bytes; default JPEG, PNG, HEIC and PDF. */
  readonly types?: readonly UploadType[];
  /** Smallest file accepted, in bytes; default 128. */
  readonly minBytes?: number;
  /** Largest file accepted, in bytes; default 10 MiB. */
  readonly maxBytes?: number;
  /**
   * Uploads one caller (with the devices its flows were handed to) may have in flight at
   * once, per instance; default 3.
   */
  readonly concurrentPerCaller?: number;
  /** Uploads in flight at once on this instance (each is held in memory); default 8. */
  readonly concurrent?: number;
  /**
   * The file addresses a submission may name (`frontImage`, `backImage`, `images.faceFull`,
   * `doc.front.url`, `doc.back.url`): `'uploaded'` (default) those this proxy's uploads
   * answered for the submission's execution, else refused (400 `PROXY_INVALID_BODY` naming
   * the field); `'any'` leaves them to the gateway (a page that also sends addresses of
   * storage of its own, a liveness SDK that uploads by itself).
   */
  readonly fileAddresses?: 'uploaded' | 'any';
}

/** Why the proxy answered with its own error; the host's `onError` hears the detail. */
export type ProxyRefusal =
  | 'unauthenticated'
  | 'customerNotAsserted'
  | 'foreignCustomer'
  | 'customerIdRequired'
  | 'foreignExecution'
  | 'unknownNode'
  | 'drivenElsewhere'
  | 'handoffRefused'
  | 'quotaExceeded'
  | 'tooManyCalls'
  | 'bindingsFull'
  | 'methodNotAllowed'
  | 'httpMethodNotAllowed'
  | 'unsupportedMediaType'
  | 'invalidBody'
  | 'bodyTooLarge'
  | 'bodyTooSlow'
  | 'crossOrigin'
  | 'unsupportedFile'
  | 'tooManyUploads'
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
  /** Names the caller, and (unless `claimCustomers` says otherwise) the caller's customerId. */
  readonly authorize: Authorize;
  /** Default `'never'`: `authorize` names each caller's customer. See `ClaimCustomers`. */
  readonly claimCustomers?: ClaimCustomers;
  /** Defaults to every KYC method of the flow; methods outside the wire contract never pass. */
  readonly allowedMethods?: readonly MethodName[];
  /** Defaults to `createMemoryBindings()` (one instance); `createRedisBindings` for several. */
  readonly bindings?: ExecutionBindings;
  readonly quotas?: ProxyQuotas;
  /**
   * Origins (`https://app.example.com`) besides the proxy's own whose pages may call it,
   * and the only ones given CORS (`cors.ts`: their preflights answered, their answers
   * readable, credentials allowed; route `OPTIONS` to the proxy too).
   * Governs every route: the gateway's methods, uploads, kept flows and handoffs. A request
   * that the browser marks as coming from any other site (`Sec-Fetch-Site`, else `Origin`)
   * is refused (403 `PROXY_CROSS_ORIGIN`) before its body is read, so before anything is
   * signed or forwarded: the browser sends the caller's cookies along, and a form post needs
   * no CORS preflight, nor does any call once a permissive CORS layer sits in front. A
   * request with neither header comes from no page (a server, a native app) and passes.
   * `uploads.allowedOrigins` is the older spelling; given both, either list's origins pass.
   * An opaque origin (`file:`, a custom scheme) throws: browsers send it as `null`, as every
   * sandboxed frame of every site does.
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * The upload route's settings; `false` turns it off, for a frontend that uploads files to
   * storage of its own: every `?api=storage.upload` is then refused like an api the proxy
   * does not forward (404 `PROXY_API_NOT_ALLOWED`), before its body is read.
   */
  readonly uploads?: UploadOptions | false;
  /**
   * Where each caller's flow is kept, sealed, for `createBrowserFlow({ storage: 'server' })`
   * and handoffs (`?api=flow.*`, `?api=handoff.*`): default `createMemoryFlows()` (one
   * instance); `createRedisFlows` for several; `false` turns those routes off.
   */
  readonly flows?: FlowsStore | false;
  /** "Continue on your phone": one-time links to hand a flow to another device; `false` turns them off. */
  readonly handoff?: HandoffOptions | false;
  /** Largest JSON body accepted, in bytes; default 64 KiB. */
  readonly maxBodyBytes?: number;
  /**
   * Where uploads go; defaults to `gatewayUrl` with its last `/gateway` segment replaced by
   * `/storage`. Not with `uploads: false`.
   */
  readonly storageUrl?: string;
  /** Upstream timeout per call, in ms; default 30 s. */
  readonly timeoutMs?: number;
  /**
   * Longest gateway answer read, in bytes; default 4 MiB (every answer of the contract is a
   * small envelope). A longer one is cut off and the caller refused (`upstreamUnavailable`).
   */
  readonly maxAnswerBytes?: number;
  readonly apiVersion?: string;
  /** The `fetch` that reaches the gateway; defaults to the global one. */
  readonly fetch?: typeof globalThis.fetch;
  /** Hears every refusal and hidden upstream failure, for server-side logs and alerts. */
  readonly onError?: (event: ProxyErrorEvent) => void;
}

export type GatewayProxy = (request: Request) => Promise<Response>;
