import type { OcrResult } from '../services/wire/records.js';
import type { DocumentType } from '../services/wire/vocabulary.js';
import type { Counters } from './counters.js';
import type { Execution, ResolvedScenario } from './execution.js';
import type { Random } from './random.js';
import type { Timing } from './timing.js';

export interface Customer {
  readonly customerId: string;
  readonly email?: string;
  /** Forced by a magic tag. */
  readonly scenario?: string;
}

export interface OcrJob {
  readonly executionId: string;
  readonly readyAt: number;
  readonly failed: boolean;
  readonly result: OcrResult;
}

/** One code sent for an OTP node; each has its own attempts. */
export interface OtpCode {
  readonly requestId: string;
  readonly sentAt: number;
  attemptsLeft: number;
  readonly answer: unknown;
}

export interface OtpNode {
  readonly executionId: string;
  sends: number;
  current?: OtpCode;
  /** Verified: the node is done, and a send under its key only repeats the last answer. */
  verified: boolean;
  readonly codes: Map<string, OtpCode>;
}

/**
 * An answer kept for repeats. `executionId` is left out only by a memory written before
 * answers named it: its answers go to any repeat of their key, as they did then.
 */
export interface StoredAnswer {
  readonly method: string;
  readonly executionId?: string;
  readonly data: unknown;
}

/** Everything the engine remembers, in plain maps: a scale run holds many executions. */
export interface Store {
  readonly customers: Map<string, Customer>;
  readonly customersByEmail: Map<string, Customer>;
  /** `customerId` + referenceId → executionId. */
  readonly starts: Map<string, string>;
  readonly executions: Map<string, Execution>;
  /** Effect key → the answer it got, so a repeat answers the same (to its own execution only). */
  readonly answers: Map<string, StoredAnswer>;
  /** Per callbackKey of an identity document node. */
  readonly ocrJobs: Map<string, OcrJob>;
  /** Per callbackKey of a required documents node. */
  readonly documents: Map<string, Set<DocumentType>>;
  /** Per callbackKey of a required forms node. */
  readonly forms: Map<string, Set<string>>;
  /** Per callbackKey of an OTP node. */
  readonly otp: Map<string, OtpNode>;
}

export const createStore = (): Store => ({
  customers: new Map(),
  customersByEmail: new Map(),
  starts: new Map(),
  executions: new Map(),
  answers: new Map(),
  ocrJobs: new Map(),
  documents: new Map(),
  forms: new Map(),
  otp: new Map(),
});

export interface EngineSettings {
  readonly timing: Timing;
  readonly otpCode: string;
  readonly otpMaxAttempts: number;
  /** Already divided by speed. */
  readonly otpCooldownMs: number;
  /** Name of the scenario an untagged customer gets. */
  readonly scenario: string;
  readonly scenarios: ReadonlyMap<string, ResolvedScenario>;
}

export interface EngineContext {
  readonly store: Store;
  readonly counters: Counters;
  readonly random: Random;
  readonly settings: EngineSettings;
  now(): number;
}
