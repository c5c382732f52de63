import type { ValidationReport } from '../../services/envelope.js';
import type { Signer } from '../../services/types.js';
import type { MethodName } from '../../services/wire/methods.js';
import { refusalResponse } from './envelope.js';
import type { Upstream } from './exchange.js';
import type { ExecutionBindings, ProxyErrorEvent, ProxyRefusal } from './types.js';

/** What every route of one proxy shares, resolved once from its options. */
export interface ProxyContext {
  readonly gatewayUrl: string;
  readonly storageUrl: string | undefined;
  readonly apiKey: string;
  readonly apiVersion: string;
  readonly domainId: string;
  readonly sign: Signer;
  readonly allowed: ReadonlySet<MethodName>;
  readonly bindings: ExecutionBindings;
  readonly maxBodyBytes: number;
  readonly maxUploadBytes: number;
  readonly upstream: Upstream;
  readonly report: (event: ProxyErrorEvent) => void;
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
