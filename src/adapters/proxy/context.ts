import type { ValidationReport } from '../../services/envelope.js';
import type { Signer } from '../../services/types.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { ExecutionBindings } from './binding-types.js';
import type { Digest } from './digest.js';
import { refusalResponse } from './envelope.js';
import type { Upstream } from './exchange.js';
import type { UploadType } from './file-types.js';
import type { FlowKeeping } from './flow-keeping.js';
import type {
  ClaimCustomers,
  ProxyCaller,
  ProxyErrorEvent,
  ProxyQuotas,
  ProxyRefusal,
} from './types.js';

/** The upload route's settings, resolved. */
export interface UploadRules {
  readonly types: ReadonlySet<UploadType>;
  readonly minBytes: number;
  readonly maxBytes: number;
  /** Whether a submission may name only the file addresses its execution's uploads answered. */
  readonly onlyUploadedFiles: boolean;
  /** A slot for one upload of `owner`'s, or `undefined` when it has none left. */
  readonly acquire: (owner: string) => (() => void) | undefined;
}

/** What every route of one proxy shares, resolved once from its options. */
export interface ProxyContext {
  readonly gatewayUrl: string;
  readonly storageUrl: string | undefined;
  readonly apiKey: string;
  readonly apiVersion: string;
  readonly domainId: string;
  readonly sign: Signer;
  readonly allowed: ReadonlySet<MethodName>;
  readonly claimCustomers: ClaimCustomers;
  readonly bindings: ExecutionBindings;
  readonly quotas: Required<ProxyQuotas>;
  readonly digest: Digest;
  /** Keyed with the API secret: for OTP identities, which a plain digest would give away. */
  readonly identityDigest: Digest;
  readonly maxBodyBytes: number;
  /** Origins besides the proxy's own whose pages may call any route (`fromAllowedOrigin`). */
  readonly allowedOrigins: ReadonlySet<string>;
  readonly uploads: UploadRules;
  /** Kept flows and handoffs; `undefined` with `flows: false`. */
  readonly flows: FlowKeeping | undefined;
  readonly upstream: Upstream;
  readonly report: (event: ProxyErrorEvent) => void;
}

/** A caller the proxy let in, and the digest the bindings store knows them by. */
export interface AdmittedCaller extends ProxyCaller {
  readonly owner: string;
  /**
   * The digest handoffs know this device by: its `sessionId` with its `callerId`, else the
   * caller's `owner` (one caller, one device).
   */
  readonly device: string;
}

/** Who is asking for what, for the host's log. */
export interface CallScope {
  readonly api: string;
  readonly callerId: string;
}

/** A refusal the caller sees, told to the host's log as well when it hides detail. */
export const refuse = (
  context: ProxyContext,
  scope: CallScope,
  refusal: ProxyRefusal,
  options?: {
    readonly detail?: unknown;
    readonly shown?: string;
    /** Told to the caller as data too: fields and expectations, never values. */
    readonly validation?: ValidationReport;
  },
): Response => {
  context.report({ refusal, ...scope, detail: options?.detail });
  return refusalResponse(refusal, options?.shown, options?.validation);
};
