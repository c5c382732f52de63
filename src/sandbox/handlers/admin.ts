import type * as z from 'zod/mini';
import type { adminMethods } from '../admin-methods.js';
import { type Answer, refuse } from '../answer.js';
import type { EngineContext } from '../engine-context.js';
import { completeNode, end, statusOf, terminalEnd } from '../execution.js';
import { roleOf } from '../nodes.js';
import { notFound, readExecution, record, replay } from '../submission.js';

type AdminInput<M extends keyof typeof adminMethods> = z.output<
  (typeof adminMethods)[M]['request']
>;

/**
 * `sandbox.review.decide`: an operator's decision on an execution waiting for review
 * (manual review, or a node type the client cannot act on). REJECTED ends it
 * COMPLETED/REJECTED; APPROVED lets it carry on to its next step.
 */
export function decideReview(
  ctx: EngineContext,
  input: AdminInput<'sandbox.review.decide'>,
): Answer {
  const method = 'sandbox.review.decide';
  const execution = readExecution(ctx, input.executionId);
  if (!execution) return notFound();
  const key = `${input.executionId}#review-${execution.arms}`;
  const repeat = replay(ctx, key, method, execution.executionId);
  if (repeat) return repeat;
  const { node } = execution;
  if (execution.phase.kind !== 'waiting' || !node || roleOf(node.nodeType) !== 'review') {
    return refuse(
      'NODE_NOT_WAITING',
      `executionId: not waiting for a review (it is ${statusOf(execution)}${node ? ` on ${node.nodeType}` : ''})`,
    );
  }
  const decided = { ...execution, reviewDecision: input.decision };
  const next = input.decision === 'REJECTED' ? execution.scenario.steps.length : execution.step + 1;
  const after = completeNode(decided, ctx.now(), next);
  ctx.store.executions.set(after.executionId, after);
  return record(ctx, key, method, after.executionId, {
    executionId: after.executionId,
    status: statusOf(after),
  });
}

/** `sandbox.execution.cancel` / `.expire`: ends any execution that has not ended yet. */
function terminate(
  ctx: EngineContext,
  method: 'sandbox.execution.cancel' | 'sandbox.execution.expire',
  executionId: string,
  status: 'CANCELLED' | 'TIMEOUT',
): Answer {
  const execution = readExecution(ctx, executionId);
  if (!execution) return notFound();
  const key = `${executionId}#${status === 'CANCELLED' ? 'cancel' : 'expire'}`;
  const repeat = replay(ctx, key, method, executionId);
  if (repeat) return repeat;
  if (execution.phase.kind === 'ended') {
    return refuse('NODE_NOT_WAITING', `executionId: already ended ${statusOf(execution)}`);
  }
  const ended = end(execution, ctx.now(), terminalEnd(status));
  ctx.store.executions.set(executionId, ended);
  return record(ctx, key, method, executionId, { executionId, status });
}

export const cancelExecution = (
  ctx: EngineContext,
  input: AdminInput<'sandbox.execution.cancel'>,
): Answer => terminate(ctx, 'sandbox.execution.cancel', input.executionId, 'CANCELLED');

export const expireExecution = (
  ctx: EngineContext,
  input: AdminInput<'sandbox.execution.expire'>,
): Answer => terminate(ctx, 'sandbox.execution.expire', input.executionId, 'TIMEOUT');
