/** The `validation` a refusal carries when the contract's schema said no (for proxies of your own). */
export type { ValidationReport } from '../../services/envelope.js';
export {
  createMemoryBindings,
  DEFAULT_BINDING_TTL_MS,
  DEFAULT_MAX_BINDINGS,
  type MemoryBindingsOptions,
} from './bindings.js';
export {
  createGatewayProxy,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_PROXY_TIMEOUT_MS,
} from './handler.js';
export { PROXY_REFUSALS } from './refusals.js';
export {
  type Authorize,
  type BindingKey,
  type ExecutionBindings,
  type GatewayProxy,
  type GatewayProxyOptions,
  type ProxyCaller,
  type ProxyErrorEvent,
  type ProxyRefusal,
  UPLOAD_API,
} from './types.js';
