import { DEFAULT_MAX_ANSWER_BYTES } from '../../services/answer-text.js';
import { API_VERSION } from '../../services/client.js';
import { createHmacSigner } from '../../services/sign.js';
import { storageUrlFor } from '../../services/upload.js';
import { METHOD_NAMES, type MethodName } from '../../services/wire/methods.js';
import type { ExecutionBindings } from './binding-types.js';
import { createMemoryBindings } from './bindings.js';
import type { ProxyContext, UploadRules } from './context.js';
import { createDigest, createKeyedDigest } from './digest.js';
import { UPLOAD_TYPE_NAMES } from './file-types.js';
import { resolveFlowKeeping } from './flow-keeping.js';
import type { GatewayProxyOptions, ProxyErrorEvent, ProxyQuotas, UploadOptions } from './types.js';
import { createUploadSlots } from './upload-slots.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_PROXY_TIMEOUT_MS = 30_000;

/**
 * A flow polls every 2–5 s and an OCR result every few seconds more: some 40 calls a
 * minute at most, so this leaves room for two tabs and a reload.
 */
export const DEFAULT_QUOTAS: Required<ProxyQuotas> = {
  bindingsPerCaller: 20,
  callsPerMinute: 120,
  keptFlowsPerCaller: 3,
  uploadsPerMinute: 10,
  otpIdentitiesPerExecution: 3,
};

export const DEFAULT_UPLOADS = {
  minBytes: 128,
  maxBytes: 10 * 1024 * 1024,
  concurrentPerCaller: 3,
  concurrent: 8,
} as const;

const positive = (name: string, value: number) => {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new RangeError(`createGatewayProxy: ${name} must be a positive integer`);
  }
  return value;
};

/** Each quota as given, else its default; every one a positive integer. */
const quotasOf = (quotas: ProxyQuotas = {}): Required<ProxyQuotas> => {
  const resolved = { ...DEFAULT_QUOTAS };
  for (const name of Object.keys(DEFAULT_QUOTAS) as Array<keyof ProxyQuotas>) {
    resolved[name] = positive(`quotas.${name}`, quotas[name] ?? DEFAULT_QUOTAS[name]);
  }
  return resolved;
};

const fileAddressesOf = ({ fileAddresses = 'uploaded' }: UploadOptions) => {
  if (fileAddresses !== 'uploaded' && fileAddresses !== 'any') {
    throw new RangeError(
      `createGatewayProxy: uploads.fileAddresses: expected 'uploaded' or 'any', got ${String(fileAddresses)}`,
    );
  }
  return fileAddresses;
};

const uploadRulesOf = (uploads: UploadOptions | false = {}): UploadRules => {
  if (uploads === false) return uploadRulesOf({ fileAddresses: 'any' });
  const types = new Set(uploads.types ?? UPLOAD_TYPE_NAMES);
  for (const type of types) {
    if (!UPLOAD_TYPE_NAMES.includes(type)) {
      throw new RangeError(
        `createGatewayProxy: uploads.types: ${type} is not one it can recognise`,
      );
    }
  }
  const setting = (name: keyof typeof DEFAULT_UPLOADS) =>
    positive(`uploads.${name}`, uploads[name] ?? DEFAULT_UPLOADS[name]);
  return {
    types,
    minBytes: setting('minBytes'),
    maxBytes: setting('maxBytes'),
    onlyUploadedFiles: fileAddressesOf(uploads) === 'uploaded',
    acquire: createUploadSlots(setting('concurrentPerCaller'), setting('concurrent')),
  };
};

/** `null` for what is no URL, as for an opaque origin. (`URL.canParse` is too new for some fetch runtimes.) */
const originOf = (given: string): string => {
  try {
    return new URL(given).origin;
  } catch {
    return 'null';
  }
};

/**
 * The origins whose pages may call, as browsers write them (`https://app.example`, no path
 * or default port). The top-level list and its older spelling under `uploads` are one list.
 */
const allowedOriginsOf = (options: GatewayProxyOptions): ReadonlySet<string> => {
  const older = options.uploads === false ? [] : (options.uploads?.allowedOrigins ?? []);
  const listed = [...(options.allowedOrigins ?? []), ...older];
  return new Set(
    listed.map((given) => {
      const origin = originOf(given);
      // Listing an opaque one would let in every sandboxed frame and `data:` page: they send `null`.
      if (origin === 'null') {
        throw new RangeError(
          `createGatewayProxy: allowedOrigins: ${given} is not an origin a browser names (https://host[:port])`,
        );
      }
      return origin;
    }),
  );
};

const reporter =
  (onError: GatewayProxyOptions['onError']) =>
  (event: ProxyErrorEvent): void => {
    try {
      onError?.(event);
    } catch {
      // A failing logger must not turn into an answer that describes it.
    }
  };

/** Where uploads go; `undefined` turns the route off (`handleUpload`). */
const storageUrlOf = (options: GatewayProxyOptions): string | undefined => {
  if (options.uploads !== false) return options.storageUrl ?? storageUrlFor(options.gatewayUrl);
  if (options.storageUrl !== undefined) {
    throw new TypeError(
      'createGatewayProxy: uploads: false turns the upload route off, so storageUrl would never be used: give one or the other',
    );
  }
  return undefined;
};

/** A store of the host's own, checked for `admitIdentity` and what 'first-caller' claims need (`ExecutionBindings.claim`). */
const bindingsOf = (options: GatewayProxyOptions): ExecutionBindings => {
  const bindings = options.bindings ?? createMemoryBindings();
  if (typeof bindings.admitIdentity !== 'function') {
    throw new TypeError(
      'createGatewayProxy: the bindings store needs admitIdentity (the OTP identities of an execution; createMemoryBindings and createRedisBindings have it)',
    );
  }
  const claims = typeof bindings.claim === 'function' && typeof bindings.release === 'function';
  if (options.claimCustomers === 'first-caller' && !claims) {
    throw new TypeError(
      "createGatewayProxy: claimCustomers: 'first-caller' needs a bindings store with claim and release (createMemoryBindings and createRedisBindings have them)",
    );
  }
  return bindings;
};

/** The options, checked and completed with their defaults; throws on a setting that cannot work. */
export const resolveOptions = (options: GatewayProxyOptions): ProxyContext => {
  const known = new Set<string>(METHOD_NAMES);
  // Only methods of the wire contract can ever pass, whatever the host lists.
  const allowed = new Set<MethodName>(
    (options.allowedMethods ?? METHOD_NAMES).filter((method) => known.has(method)),
  );
  return {
    gatewayUrl: new URL(options.gatewayUrl).toString(),
    storageUrl: storageUrlOf(options),
    apiKey: options.apiKey,
    apiVersion: options.apiVersion ?? API_VERSION,
    domainId: options.domainId,
    sign: createHmacSigner(options.apiSecret),
    allowed,
    claimCustomers: options.claimCustomers ?? 'never',
    bindings: bindingsOf(options),
    quotas: quotasOf(options.quotas),
    digest: createDigest(),
    identityDigest: createKeyedDigest(options.apiSecret),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    allowedOrigins: allowedOriginsOf(options),
    uploads: uploadRulesOf(options.uploads),
    flows: resolveFlowKeeping(options),
    upstream: {
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      timeoutMs: options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS,
      maxAnswerBytes: positive(
        'maxAnswerBytes',
        options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
      ),
    },
    report: reporter(options.onError),
  };
};
