export { API_VERSION, createGatewayClient } from './client.js';
export { type Envelope, type EnvelopeReading, parseEnvelope, SUCCESS_CODE } from './envelope.js';
export * from './errors/index.js';
export {
  METHOD_FUNCTIONS,
  type MethodFunctionName,
  type MethodFunctionsInSync,
  methodFunctionsInSync,
} from './method-functions.js';
export { parseRetryAfter } from './retry-after.js';
export { DEFAULT_RETRY_POLICY, isRetryable, mergeRetryPolicy } from './retry-policy.js';
export { RETRY_AFTER_STATUSES, RETRYABLE_STATUSES } from './retryable.js';
export { createHmacSigner } from './sign.js';
export { DEFAULT_TIMEOUT_MS } from './transport.js';
export type * from './types.js';
export { createStorageUploader, type StorageUploaderOptions, storageUrlFor } from './upload.js';
export * from './wire/index.js';
export { UPLOAD_API } from './wire/upload-api.js';
