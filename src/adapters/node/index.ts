/**
 * `kyc-flow/node`: onboarding flows run headless in Node. A responder answers each waiting
 * node (from a customer profile, or your own data), a snapshot store keeps each flow so a
 * run killed mid-flow resumes on the same execution.
 */

// The signing proxy is Web-standard (any fetch runtime) but belongs to the server side.
export * from '../proxy/index.js';
export { type FileReference, toFileReference } from './file-reference.js';
export {
  createFileSnapshotStore,
  type FileSnapshotStoreOptions,
  type SnapshotFileSystem,
} from './file-snapshot-store.js';
export { STALE_GUARD_MS } from './guarded-replace.js';
export { InspectorError, type InspectorFailure } from './inspector/inspector-error.js';
export {
  createRunInspector,
  type RunInspector,
  type RunInspectorOptions,
} from './inspector/run-inspector.js';
export {
  loadProfile,
  type ProfileLoadOptions,
  type ProfileParseOptions,
  parseProfile,
  profileFiles,
} from './load-profile.js';
export { createMemorySnapshotStore } from './memory-snapshot-store.js';
export {
  type CustomerProfile,
  type CustomerProfileInput,
  customerProfileSchema,
} from './profile.js';
export { ProfileError, type ProfileIssue } from './profile-error.js';
export { createProfileResponder, type ProfileResponderOptions } from './profile-responder.js';
export { createRecorder, type Recorder, type RecorderOptions } from './recorder.js';
export {
  createRedisSnapshotStore,
  type RedisSnapshotClient,
  type RedisSnapshotStoreOptions,
} from './redis-snapshot-store.js';
export { ANSWER_NOT_TAKEN, DEFAULT_MAX_SENDS_PER_NODE } from './resend-watch.js';
export {
  ANSWERABLE_KINDS,
  type AnswerableKind,
  isAnswerableKind,
  type NodeRequest,
  type Responder,
} from './responder.js';
export { ResponderError } from './responder-error.js';
export type {
  HeadlessEvent,
  HeadlessResult,
  HeadlessStatus,
  ParkedResult,
} from './run-events.js';
export { type ParkOptions, type RunHeadlessOptions, runHeadless } from './run-headless.js';
export {
  ABORT_SAVE_WAIT_MS,
  type FlowStanding,
  SaveUnconfirmedError,
} from './save-unconfirmed-error.js';
export {
  PERSISTED_FLOW_VERSION,
  type PersistedFlow,
  type SavedFlow,
  type SaveOptions,
  type SnapshotStore,
} from './snapshot-store.js';
export {
  flowMoved,
  flowTaken,
  SnapshotStoreError,
  type SnapshotStoreFailure,
} from './snapshot-store-error.js';
export { DEFAULT_MAX_UNKNOWN_STATUS_MS, UNKNOWN_STATUS } from './unknown-status.js';
export { uploadFile } from './upload-file.js';
