/**
 * `kyc-flow/sandbox`: the embedded gateway. `startSandbox` and `loadScenarioFile` need
 * Node; `createSandboxGateway` (engine + fetch-standard Hono app) runs anywhere.
 */
export { ADMIN_METHOD_NAMES, type AdminMethodName, adminMethods } from './admin-methods.js';
export { SANDBOX_DIALECTS, type SandboxDialect } from './dialect.js';
export { advance, type Execution } from './execution.js';
export { DEFAULT_RANDOM_KINDS, FAULT_KINDS } from './faults.js';
export { createSandboxGateway, DEFAULT_CREDENTIALS, SandboxAdminError } from './gateway.js';
export { isSandboxMemory, type SandboxMemory, sandboxMemoryIssue } from './memory.js';
export { createReplayPlayer, type ReplayPlayer, type ReplaySummary } from './replay.js';
export { loadScenarioSource, type ScenarioSource } from './replay-file.js';
export {
  isRecordingText,
  parseRecording,
  type RecordedExchange,
  type Recording,
  RecordingError,
} from './replay-format.js';
export { loadScenarioFile } from './scenario-file.js';
export { parseScenarios, ScenarioError } from './scenario-schema.js';
export { BUILT_IN_SCENARIOS, isScenarioName, SCENARIO_NAMES } from './scenarios.js';
export { startSandbox } from './server.js';
export { BASE_DURATIONS } from './timing.js';
export type * from './types.js';
