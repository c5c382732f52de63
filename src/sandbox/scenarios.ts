import { CLIENT_NODE_KINDS, NODE_TYPES, type NodeKind } from '../services/wire/vocabulary.js';
import type { ResolvedScenario } from './execution.js';
import type { Scenario, ScenarioName } from './types.js';

const FULL_NODES: readonly NodeKind[] = [...CLIENT_NODE_KINDS, 'screenCheck'];

/** The built-in scenarios; each is plain data, the same shape a scenario file holds. */
export const BUILT_IN_SCENARIOS: Readonly<Record<ScenarioName, Scenario>> = {
  full: {
    name: 'full',
    description: 'every client node, automatic screening, COMPLETED/APPROVED',
    steps: FULL_NODES,
    outcome: 'APPROVED',
  },
  minimal: {
    name: 'minimal',
    description: 'particulars and liveness, COMPLETED/APPROVED',
    steps: ['particulars', 'liveness'],
    outcome: 'APPROVED',
  },
  'manual-review': {
    name: 'manual-review',
    description: "full's nodes, then WAITING on manual review until a decision arrives",
    steps: [...FULL_NODES, 'manualReview'],
    outcome: 'APPROVED',
  },
  rejected: {
    name: 'rejected',
    description: 'full, COMPLETED/REJECTED after screening',
    steps: FULL_NODES,
    outcome: 'REJECTED',
  },
  failed: {
    name: 'failed',
    description: 'full, FAILED after screening',
    steps: FULL_NODES,
    outcome: 'FAILED',
  },
  timeout: {
    name: 'timeout',
    description: 'TIMEOUT after the first two nodes',
    steps: ['identityDocument', 'particulars'],
    outcome: 'TIMEOUT',
  },
  cancelled: {
    name: 'cancelled',
    description: 'CANCELLED after the first two nodes',
    steps: ['identityDocument', 'particulars'],
    outcome: 'CANCELLED',
  },
  'ocr-failure': {
    name: 'ocr-failure',
    description: 'the first OCR fails and the node is re-armed for a retake, then as full',
    steps: [{ node: 'identityDocument', ocrFailures: 1 }, ...FULL_NODES.slice(1)],
    outcome: 'APPROVED',
  },
};

export const SCENARIO_NAMES = Object.keys(BUILT_IN_SCENARIOS) as ScenarioName[];

export const isScenarioName = (name: string): name is ScenarioName =>
  Object.hasOwn(BUILT_IN_SCENARIOS, name);

/** A step's `node` as a wire node type: a kind (`emailOtp`) or the type itself. */
export const toNodeType = (node: string): string =>
  Object.hasOwn(NODE_TYPES, node) ? NODE_TYPES[node as NodeKind] : node;

/**
 * The magic tag of a customer, as vendors' sandboxes do it: `+<scenario>` at the end of
 * the customerId (`C_42+rejected`) or of the email's local part
 * (`jane+manual-review@example.com`). Only names in `known` count.
 */
export function scenarioTag(
  customer: { customerId?: string; email?: string },
  known: (name: string) => boolean,
): string | undefined {
  const local = customer.email?.split('@')[0];
  for (const text of [customer.customerId, local]) {
    const plus = text?.lastIndexOf('+') ?? -1;
    const tag = plus >= 0 ? text?.slice(plus + 1) : undefined;
    if (tag && known(tag)) return tag;
  }
  return undefined;
}

/** A scenario as the engine runs it: every step's node as a wire node type. */
export const resolveScenario = (scenario: Scenario): ResolvedScenario => ({
  name: scenario.name,
  outcome: scenario.outcome,
  steps: scenario.steps.map((step) =>
    typeof step === 'string'
      ? { nodeType: toNodeType(step), ocrFailures: 0 }
      : {
          nodeType: toNodeType(step.node),
          ocrFailures: step.ocrFailures ?? 0,
          ...(step.config ? { config: step.config } : {}),
        },
  ),
});
