import * as z from 'zod/mini';
import { nodeConfig } from '../services/wire/records.js';
import { NODE_TYPES } from '../services/wire/vocabulary.js';
import { describeIssues } from './describe-issues.js';
import { isScenarioName, toNodeType } from './scenarios.js';
import type { Scenario } from './types.js';

const NODE_HINT = `a node kind (${Object.keys(NODE_TYPES).join(', ')}) or a node type flow_action_*`;

const nodeName = z.string().check(
  z.refine((node) => /^flow_action_[a-z0-9_]+$/.test(toNodeType(node)), {
    message: `expected ${NODE_HINT}`,
  }),
);

const nodeStep = z
  .strictObject({
    node: nodeName,
    config: z.optional(nodeConfig),
    ocrFailures: z.optional(z.int().check(z.minimum(0), z.maximum(10))),
  })
  .check(
    z.refine((step) => !step.ocrFailures || toNodeType(step.node) === NODE_TYPES.identityDocument, {
      message: 'ocrFailures only applies to the identity document node',
      path: ['ocrFailures'],
    }),
  );

export const scenarioSchema = z.strictObject({
  name: z
    .string()
    .check(
      z.regex(
        /^[a-z0-9][a-z0-9_-]*$/,
        'expected lowercase letters, digits, - and _ (it is a magic tag)',
      ),
    ),
  description: z.optional(z.string()),
  steps: z.array(z.union([nodeName, nodeStep])),
  outcome: z.enum(['APPROVED', 'REJECTED', 'FAILED', 'TIMEOUT', 'CANCELLED']),
});

const scenarioListSchema = z.array(scenarioSchema);

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Validates custom scenarios (one or a list); the error lists every problem with its path. */
export function parseScenarios(input: unknown, source = 'scenarios'): Scenario[] {
  // One scenario or a list; parsed apart so that problems keep their precise paths.
  const list = Array.isArray(input) ? input : [input];
  const result = z.safeParse(scenarioListSchema, list);
  if (!result.success) {
    const issues = Array.isArray(input)
      ? result.error.issues
      : result.error.issues.map((issue) => ({ ...issue, path: issue.path.slice(1) }));
    throw new ScenarioError(`${source}: ${describeIssues(issues, input)}`);
  }
  const scenarios: Scenario[] = result.data;
  const seen = new Set<string>();
  for (const scenario of scenarios) {
    if (isScenarioName(scenario.name)) {
      throw new ScenarioError(`${source}: scenario name "${scenario.name}" is built in`);
    }
    if (seen.has(scenario.name)) {
      throw new ScenarioError(`${source}: scenario name "${scenario.name}" appears twice`);
    }
    seen.add(scenario.name);
  }
  return scenarios;
}
