/**
 * `kyc-flow/browser`: the flow brain in a web page, talking to the host's signing proxy.
 * Importing this module touches no browser global and starts nothing (SSR-safe); it needs
 * no `eval` (CSP-safe) and pulls nothing Node-only.
 */

/** The chart itself, for a diagram or a state tree beside the UI. */
export { kycFlowMachine } from '../../machine/machine.js';

export type {
  FlowCustomer,
  FlowEmitted,
  FlowError,
  FlowOutcome,
  FlowStep,
  FlowView,
  FormInput,
  HostEvent,
  IdentityDocumentInput,
  LivenessInput,
  PersistedFlow,
  RequiredDocumentInput,
} from '../../machine/types.js';
export type {
  CurrentNode,
  DocumentFile,
  OcrResult,
  PersonData,
} from '../../services/wire/records.js';
export type { DocumentType } from '../../services/wire/vocabulary.js';
export { createBrowserFlow } from './create-browser-flow.js';
export { DEFAULT_STORAGE_KEY } from './customer-key.js';
export type {
  CaptureOptions,
  DocumentUploadOptions,
  FlowActions,
  IdentityDocumentCapture,
  LivenessCapture,
} from './flow-actions.js';
export type { HandoffError } from './handoff-error.js';
export { HANDOFF_PARAM, readHandoffToken } from './handoff-link.js';
export {
  createProxyClient,
  createProxyFetch,
  createProxyUploader,
  type ProxyClientOptions,
  type ProxyFetchOptions,
} from './proxy-transport.js';
export {
  type BrowserInspector,
  LOCAL_INSPECTOR_CHANNEL,
  openLocalInspector,
  openStatelyInspector,
  type StatelyInspectorOptions,
} from './stately-inspector.js';
export type {
  BrowserFlow,
  BrowserFlowOptions,
  BrowserFlowView,
  CustomerFlowOptions,
  FlowStore,
  HandedOverFlowOptions,
  HandoffLink,
  HandoffRequest,
  HandoffState,
  Upload,
  UploadOptions,
  UploadProgress,
} from './types.js';
