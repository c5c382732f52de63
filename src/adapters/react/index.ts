/**
 * `kyc-flow/react`: the browser flow as hooks (React alone, no `@xstate/react`). Importing it does
 * nothing by itself; a flow is created by the first component that uses it.
 */

export {
  type CustomerMessageSource,
  customerMessageOf,
  PAGE_NOT_LOADED,
} from '../../machine/customer-message.js';
export * from '../browser/index.js';
export { useCountdown, useTimeReached } from './countdown.js';
export {
  KycFlowProvider,
  type KycFlowProviderProps,
  useKycFlowContext,
} from './kyc-flow-provider.js';
export { isPageLoadFailure } from './page-load-failure.js';
export type {
  CustomerFlowError,
  KycFlowSenders,
  UploadKey,
  UploadState,
  UseKycFlowOptions,
  UseKycFlowResult,
} from './types.js';
export { useKycFlow } from './use-kyc-flow.js';
