export * from './actors/index.js';
export { activePaths, type ChartTreeNode, chartTree } from './chart-tree.js';
export type { FlowContext, FlowInput } from './context.js';
export { createKycFlow, type KycFlow } from './create-kyc-flow.js';
export { ANSWER_WAIT_MS, MAX_OTP_COOLDOWN_MS } from './deadlines.js';
export { FLOW_CODES, FlowInputError, FlowStoppedError, toFlowError } from './flow-error.js';
export { ANSWERS_IN_A_ROW, CONTRACT_READS } from './guards.js';
export { kycFlowMachine } from './machine.js';
export { type MermaidOptions, OVERVIEW_DEPTH, toMermaid } from './mermaid.js';
export { PersistedFlowError } from './persist.js';
export {
  defaultPollingOptions,
  nextPollDelay,
  nextRetryDelay,
  type PollContext,
  type PollingOptions,
  type PollPhase,
  resolvePollingOptions,
} from './polling.js';
export { REDACTED, redact, redactText } from './redact.js';
export { ANSWERABLE_KINDS, type AnswerableKind, type Route, routeOf } from './routing.js';
export type * from './types.js';
export { expectedEvents, type FlowSnapshot, stepOf, toFlowView } from './view.js';
