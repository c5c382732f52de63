/**
 * `kyc-flow/react`: the browser flow as hooks (React alone, no `@xstate/react`). Importing it does
 * nothing by itself; a flow is created by the first component that uses it.
 */

export * from '../browser/index.js';
export {
  KycFlowProvider,
  type KycFlowProviderProps,
  useKycFlowContext,
} from './kyc-flow-provider.js';
export type {
  KycFlowSenders,
  UploadKey,
  UploadState,
  UseKycFlowOptions,
  UseKycFlowResult,
} from './types.js';
export { useKycFlow } from './use-kyc-flow.js';
