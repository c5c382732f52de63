/** The `validation` a refusal carries when the contract's schema said no (for proxies of your own). */
export type { ValidationReport } from '../../services/envelope.js';
export { ID_LIMITS, type IdField } from '../../services/wire/id-limits.js';
export {
  type Binding,
  type BindingKey,
  type BindOutcome,
  type BindRequest,
  CALL_WINDOW_MS,
  type CallCount,
  type ExecutionBindings,
  type IdentityOutcome,
  type IdentityRequest,
} from './binding-types.js';
export {
  createMemoryBindings,
  DEFAULT_MAX_BINDINGS,
  type MemoryBindingsOptions,
} from './bindings.js';
export {
  type BindingExpiry,
  DEFAULT_BINDING_RETENTION_MS,
  DEFAULT_BINDING_TTL_MS,
} from './expiry.js';
export type { UploadType } from './file-types.js';
export {
  DEFAULT_LEASE_MS,
  DEFAULT_LINK_TTL_MS,
  DEFAULT_MAX_SNAPSHOT_BYTES,
  type HandoffOptions,
} from './flow-keeping.js';
export type { FlowsKey, FlowsStore, FlowsWrite } from './flows-types.js';
export { createGatewayProxy } from './handler.js';
export {
  createMemoryFlows,
  DEFAULT_MAX_FLOW_BYTES,
  type MemoryFlowsOptions,
} from './memory-flows.js';
export { type BodyPace, JSON_BODY_PACE, UPLOAD_BODY_PACE } from './read-body.js';
export {
  createRedisBindings,
  type RedisBindingsOptions,
  type RedisScriptClient,
} from './redis-bindings.js';
export {
  createRedisFlows,
  type RedisFlowsClient,
  type RedisFlowsOptions,
} from './redis-flows.js';
export { PROXY_REFUSALS } from './refusals.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PROXY_TIMEOUT_MS,
  DEFAULT_QUOTAS,
  DEFAULT_UPLOADS,
} from './resolve-options.js';
export {
  type Authorize,
  type ClaimCustomers,
  type GatewayProxy,
  type GatewayProxyOptions,
  type ProxyCaller,
  type ProxyErrorEvent,
  type ProxyQuotas,
  type ProxyRefusal,
  UPLOAD_API,
  type UploadOptions,
} from './types.js';
