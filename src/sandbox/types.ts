import type { Hono } from 'hono';
import type { MethodName } from '../services/wire/methods.js';
import type { NodeConfig } from '../services/wire/records.js';
import type { ExecutionStatus } from '../services/wire/vocabulary.js';
import type { AdminMethodName } from './admin-methods.js';
import type { SandboxDialect } from './dialect.js';
import type { SandboxMemory } from './memory.js';
import type { ReplaySummary } from './replay.js';
import type { Recording } from './replay-format.js';

export type ScenarioName =
  | 'full'
  | 'minimal'
  | 'manual-review'
  | 'rejected'
  | 'failed'
  | 'timeout'
  | 'cancelled'
  | 'ocr-failure';

/**
 * How an execution ends once every step is through. `APPROVED` / `REJECTED` are
 * COMPLETED with that `result.decision`; the others are the terminal status itself.
 */
export type ScenarioOutcome = 'APPROVED' | 'REJECTED' | 'FAILED' | 'TIMEOUT' | 'CANCELLED';

/**
 * One node the execution stops at. `node` is a wire node type (`flow_action_...`) or its
 * kind (`particulars`, `emailOtp`, ...). Client nodes wait for a submission;
 * `flow_action_screen_check` runs by itself (RUNNING for 1–3 s); `flow_action_manual_review`
 * and any node type the client does not know wait for `admin.decideReview`.
 */
export interface ScenarioNodeStep {
  readonly node: string;
  /** Merged over the node's default config. */
  readonly config?: NodeConfig;
  /** Identity document only: how many OCR attempts answer FAILED before one succeeds. */
  readonly ocrFailures?: number;
}
export type ScenarioStep = string | ScenarioNodeStep;

/** A plain list of steps (the nodes to stop at, in order), then the outcome. */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly steps: readonly ScenarioStep[];
  readonly outcome: ScenarioOutcome;
}

export type FaultKind =
  | 'http-500'
  | 'http-503'
  | 'http-429'
  /** apiCode 999401 */
  | 'service-timeout'
  /** apiCode 999000 */
  | 'gateway-error'
  /** apiCode 999402 */
  | 'invoke-error'
  /** The call is held `faults.slowMs` before it runs (a request queued at a loaded gateway), then answered. */
  | 'slow'
  /** The connection is destroyed before the engine sees the call: no answer, no effect. */
  | 'drop'
  /**
   * HTTP 200 whose body is not a valid envelope (truncated JSON). Drawn at random, never for
   * one execution (or customer) twice in a row: that is a broken gateway, injected on purpose.
   */
  | 'malformed-envelope'
  /**
   * The engine applies the call, then the connection is destroyed: the client must retry
   * and get the idempotent answer. Never drawn at random unless listed in `faults.kinds`.
   */
  | 'drop-after-effect';

/** Every method `/gateway` answers: the vendor's and the sandbox's own `sandbox.*`. */
export type SandboxMethodName = MethodName | AdminMethodName;

export interface FaultPlan {
  readonly kind: FaultKind;
  /** Which calls; default `'*'`: every gateway method (admin methods only when named). */
  readonly method?: SandboxMethodName | '*';
  /** How many of the next matching calls fail this way; default 1. */
  readonly times?: number;
}

export interface FaultOptions {
  /**
   * Probability (0–1) that a gateway call fails with one of `kinds` (a `malformed-envelope`
   * right after one for the same caller is drawn as another kind: see `createFaultPlanner`).
   */
  readonly rate: number;
  /** Default: every kind except `drop-after-effect`. */
  readonly kinds?: readonly FaultKind[];
  /** Default: the sandbox seed. */
  readonly seed?: number;
  /** Delay of a `slow` answer; default 3000 ms. Divided by speed. */
  readonly slowMs?: number;
  /** `Retry-After` (seconds) on `http-429` and `http-503`; default 1. */
  readonly retryAfterSeconds?: number;
}

export interface SandboxCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly domainId: string;
}

export interface SandboxOptions {
  /** Default 0 (any free port); the host is always 127.0.0.1. */
  readonly port?: number;
  /** Divides every duration; default 1. */
  readonly speed?: number;
  /** Deterministic timings and ids; default: random. */
  readonly seed?: number;
  /** Default `'full'`; a built-in name, a custom one from `scenarios`, or a scenario. A customer's magic tag overrides it. */
  readonly scenario?: ScenarioName | (string & {}) | Scenario;
  /** Custom scenarios, selectable by name (option `scenario` or a magic tag). */
  readonly scenarios?: readonly Scenario[];
  /** Default `'123456'`. */
  readonly otpCode?: string;
  /** Wrong codes allowed per sent code; default 3. */
  readonly otpMaxAttempts?: number;
  /** Before a repeated send becomes a resend; default 30 000 ms. Divided by speed. */
  readonly otpCooldownMs?: number;
  readonly faults?: FaultOptions;
  readonly credentials?: SandboxCredentials;
  /** The clock; default `Date.now`. Executions are advanced lazily against it. */
  readonly now?: () => number;
  /**
   * Answer every gateway call from this recording (`kyc-flow run --record`) instead of
   * running scenarios: each method's exchanges in order, durations divided by `speed`.
   * Credentials and signatures are still checked. One recording replays one onboarding.
   */
  readonly replay?: Recording;
  /**
   * How answers are worded; default `'standard'` (the contract as the brief assumes it).
   * `'deviant'`, `'undecided'` and `'broken'` play a real gateway that differs from it (see
   * `SandboxDialect`).
   */
  readonly dialect?: SandboxDialect;
  /**
   * What an earlier sandbox remembered (`remember()`): its customers and executions carry
   * on here, idempotent repeats included, so a flow saved against it resumes.
   */
  readonly memory?: SandboxMemory;
}

export interface SandboxExecutionSummary {
  readonly executionId: string;
  readonly customerId: string;
  readonly scenario: string;
  readonly status: ExecutionStatus;
  readonly nodeType?: string;
  readonly waitingSince?: number;
}

export interface SandboxStats {
  /** Calls received per method name, faulted ones included. */
  readonly calls: Record<string, number>;
  /** Customers actually created (idempotent repeats not counted). */
  readonly registrations: number;
  /** Executions actually created. */
  readonly starts: number;
  /** Per effect key: how many times it was applied. Never above 1. */
  readonly effects: Record<string, number>;
  /**
   * Per executionId: the instants (the sandbox's clock, epoch ms) its status was read, in
   * order; the polling floor is judged on these.
   */
  readonly statusReads: Record<string, readonly number[]>;
  /** Idempotent repeats answered without a second effect. */
  readonly repeatsAnswered: number;
  readonly faultsInjected: number;
  readonly executions: readonly SandboxExecutionSummary[];
  /** While replaying a recording: how much of it was played. */
  readonly replay?: ReplaySummary;
}

export type ReviewDecision = 'APPROVED' | 'REJECTED';

export interface SandboxAdmin {
  decideReview(executionId: string, decision: ReviewDecision): void;
  cancel(executionId: string): void;
  expire(executionId: string): void;
}

/** The sandbox without a server: everything but the URLs, for any fetch runtime. */
export interface SandboxGateway {
  readonly credentials: SandboxCredentials;
  stats(): SandboxStats;
  injectFaults(plan: FaultPlan): void;
  /** Drops the injected faults not used yet; answers how many calls they would have failed. */
  clearFaults(): number;
  /** Words the answers from now on in another dialect (a gateway fixed, or broken, mid-run). */
  setDialect(dialect: SandboxDialect): void;
  readonly admin: SandboxAdmin;
  readonly app: Hono;
  /** What it remembers now, as JSON: pass it as `memory` to a later sandbox. */
  remember(): SandboxMemory;
}

export interface Sandbox extends SandboxGateway {
  /** `http://127.0.0.1:PORT/gateway` */
  readonly gatewayUrl: string;
  /** `http://127.0.0.1:PORT/storage` */
  readonly storageUrl: string;
  close(): Promise<void>;
}
