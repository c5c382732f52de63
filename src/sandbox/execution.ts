import type { ExecutionResult, NodeConfig } from '../services/wire/records.js';
import type { ExecutionStatus, TerminalStatus } from '../services/wire/vocabulary.js';
import { callbackKeyFor, configFor, roleOf } from './nodes.js';
import type { Timing } from './timing.js';
import type { ReviewDecision, ScenarioOutcome } from './types.js';

/** A scenario step as the engine runs it: the node type resolved, defaults filled in. */
export interface ResolvedStep {
  readonly nodeType: string;
  readonly config?: NodeConfig;
  readonly ocrFailures: number;
}

export interface ResolvedScenario {
  readonly name: string;
  readonly steps: readonly ResolvedStep[];
  readonly outcome: ScenarioOutcome;
}

/** The node an execution is at: waiting for input, or working on it (OCR, screening). */
export interface ArmedNode {
  readonly nodeId: string;
  readonly nodeType: string;
  readonly callbackKey: string;
  readonly config?: NodeConfig;
}

/**
 * Where an execution is on its timeline. Time-bound phases carry the instant they end,
 * so the status at any moment is computed from timestamps (no timer per execution).
 */
export type Phase =
  /** RUNNING toward step `step`. */
  | { readonly kind: 'running'; readonly until: number }
  | { readonly kind: 'waiting'; readonly since: number }
  /** The node accepted its input and works on it: then it completes or is re-armed. */
  | { readonly kind: 'processing'; readonly until: number; readonly next: 'complete' | 'rearm' }
  | { readonly kind: 'ended'; readonly at: number };

export interface ExecutionEnd {
  readonly status: TerminalStatus;
  readonly result?: ExecutionResult;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Plain, immutable data: every change makes a new object. */
export interface Execution {
  readonly executionId: string;
  readonly customerId: string;
  readonly referenceId: string;
  readonly email?: string;
  readonly scenario: ResolvedScenario;
  readonly timing: Timing;
  /** Seeds this execution's own timings. */
  readonly seed: number;
  readonly createdAt: number;
  /** Index of the current (or next) step; `steps.length` means the outcome is next. */
  readonly step: number;
  /** Nodes armed so far; numbers the callbackKeys. */
  readonly arms: number;
  readonly phase: Phase;
  readonly node?: ArmedNode;
  readonly ocrFailuresLeft: number;
  readonly livenessFailed: boolean;
  readonly reviewDecision?: ReviewDecision;
  readonly end?: ExecutionEnd;
}

export function createExecution(input: {
  executionId: string;
  customerId: string;
  referenceId: string;
  email?: string;
  scenario: ResolvedScenario;
  timing: Timing;
  seed: number;
  now: number;
}): Execution {
  const { now, ...rest } = input;
  return {
    ...rest,
    createdAt: now,
    step: 0,
    arms: 0,
    phase: { kind: 'running', until: now + input.timing.duration('gap', input.seed, 0) },
    ocrFailuresLeft: input.scenario.steps[0]?.ocrFailures ?? 0,
    livenessFailed: false,
  };
}

export const statusOf = (execution: Execution): ExecutionStatus => {
  switch (execution.phase.kind) {
    case 'waiting':
      return 'WAITING';
    case 'ended':
      return execution.end?.status ?? 'FAILED';
    default:
      return 'RUNNING';
  }
};

export const isWaitingOn = (execution: Execution, callbackKey: string): boolean =>
  execution.phase.kind === 'waiting' && execution.node?.callbackKey === callbackKey;

function arm(execution: Execution, at: number): Execution {
  const step = execution.scenario.steps[execution.step];
  if (!step) return end(execution, at, outcomeOf(execution));
  const arms = execution.arms + 1;
  const node: ArmedNode = {
    nodeId: `node-${execution.step + 1}`,
    nodeType: step.nodeType,
    callbackKey: callbackKeyFor(step.nodeType, execution.executionId, arms),
    ...withConfig(configFor(step.nodeType, execution, step.config)),
  };
  const phase: Phase =
    roleOf(step.nodeType) === 'automatic'
      ? {
          kind: 'processing',
          until: at + execution.timing.duration('screening', execution.seed, arms),
          next: 'complete',
        }
      : { kind: 'waiting', since: at };
  return { ...execution, arms, node, phase };
}

const withConfig = (config: NodeConfig | undefined) => (config ? { config } : {});

/** The current node is done: RUNNING toward the next step (or straight to the outcome). */
export function completeNode(
  execution: Execution,
  at: number,
  next: number = execution.step + 1,
): Execution {
  const { node: _done, ...rest } = execution;
  return {
    ...rest,
    step: next,
    ocrFailuresLeft: execution.scenario.steps[next]?.ocrFailures ?? 0,
    phase: {
      kind: 'running',
      until: at + execution.timing.duration('gap', execution.seed, execution.arms),
    },
  };
}

/** The same step again, under a new callbackKey (a retake after a failed OCR). */
function rearm(execution: Execution, at: number): Execution {
  const arms = execution.arms + 1;
  const node = execution.node;
  if (!node) return arm(execution, at);
  return {
    ...execution,
    arms,
    node: { ...node, callbackKey: callbackKeyFor(node.nodeType, execution.executionId, arms) },
    phase: { kind: 'waiting', since: at },
  };
}

/** The node accepted input it works on until `until` (OCR). */
export function startProcessing(
  execution: Execution,
  until: number,
  next: 'complete' | 'rearm',
): Execution {
  return { ...execution, phase: { kind: 'processing', until, next } };
}

export function end(execution: Execution, at: number, outcome: ExecutionEnd): Execution {
  const { node: _gone, ...rest } = execution;
  return { ...rest, phase: { kind: 'ended', at }, end: outcome };
}

const ENDS: Record<Exclude<ScenarioOutcome, 'APPROVED' | 'REJECTED'>, ExecutionEnd> = {
  FAILED: {
    status: 'FAILED',
    error: { code: 'EXECUTION_FAILED', message: 'the workflow failed; contact support' },
  },
  TIMEOUT: {
    status: 'TIMEOUT',
    error: { code: 'EXECUTION_TIMEOUT', message: 'the execution exceeded its time limit' },
  },
  CANCELLED: {
    status: 'CANCELLED',
    error: { code: 'EXECUTION_CANCELLED', message: 'the execution was cancelled' },
  },
};

export const terminalEnd = (status: 'FAILED' | 'TIMEOUT' | 'CANCELLED'): ExecutionEnd =>
  ENDS[status];

/** How the execution ends once its steps are through. */
export function outcomeOf(execution: Execution): ExecutionEnd {
  const { outcome } = execution.scenario;
  if (outcome !== 'APPROVED' && outcome !== 'REJECTED') return ENDS[outcome];
  const reason =
    execution.reviewDecision === 'REJECTED'
      ? 'manual review'
      : execution.livenessFailed
        ? 'liveness'
        : outcome === 'REJECTED'
          ? 'screening'
          : undefined;
  return {
    status: 'COMPLETED',
    result: reason ? { decision: 'REJECTED', reason } : { decision: 'APPROVED' },
  };
}

/**
 * The execution as it stands at `now`: every time-bound phase that has run out is
 * stepped through, each at the instant it ended, so the timeline does not depend on
 * how often anyone looks. Pure; returns the same object when nothing changed.
 */
export function advance(execution: Execution, now: number): Execution {
  let current = execution;
  for (;;) {
    const { phase } = current;
    if (phase.kind === 'running' && now >= phase.until) {
      current = arm(current, phase.until);
    } else if (phase.kind === 'processing' && now >= phase.until) {
      current =
        phase.next === 'complete'
          ? completeNode(current, phase.until)
          : rearm(current, phase.until);
    } else {
      return current;
    }
  }
}
