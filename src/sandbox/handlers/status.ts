import type { MethodInput } from '../../services/wire/methods.js';
import { type Answer, ok } from '../answer.js';
import type { EngineContext } from '../engine-context.js';
import { type Execution, statusOf } from '../execution.js';
import { notFound, readExecution } from '../submission.js';

/** The wire form of an execution: `{ executionId, status, currentNode?, result?, error? }`. */
export function executionState(execution: Execution) {
  const { node, end } = execution;
  return {
    executionId: execution.executionId,
    status: statusOf(execution),
    ...(node
      ? {
          currentNode: {
            nodeId: node.nodeId,
            nodeType: node.nodeType,
            callbackKey: node.callbackKey,
            ...(node.config ? { config: node.config } : {}),
          },
        }
      : {}),
    ...(end?.result ? { result: end.result } : {}),
    ...(end?.error ? { error: end.error } : {}),
  };
}

export function status(
  ctx: EngineContext,
  input: MethodInput<'workflow.execution.status'>,
): Answer {
  const reads = ctx.counters.statusReads.get(input.executionId) ?? [];
  reads.push(ctx.now());
  ctx.counters.statusReads.set(input.executionId, reads);
  const execution = readExecution(ctx, input.executionId);
  return execution ? ok(executionState(execution)) : notFound();
}
