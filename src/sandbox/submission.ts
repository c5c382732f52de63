import type { MethodName } from '../services/wire/methods.js';
import { type Answer, ok, type Refusal, refuse } from './answer.js';
import { bump } from './counters.js';
import type { EngineContext } from './engine-context.js';
import { type ArmedNode, advance, type Execution, isWaitingOn, statusOf } from './execution.js';
import { acceptsMethod } from './nodes.js';

/** The execution as it stands now (advanced lazily and kept). */
export function readExecution(ctx: EngineContext, executionId: string): Execution | undefined {
  const stored = ctx.store.executions.get(executionId);
  if (!stored) return undefined;
  const current = advance(stored, ctx.now());
  if (current !== stored) ctx.store.executions.set(executionId, current);
  return current;
}

export const notFound = (): Refusal =>
  refuse('EXECUTION_NOT_FOUND', 'executionId: no such execution');

/**
 * A repeat of an applied call: its first answer, no second effect. Only to the execution
 * that made it: a key repeated under another executionId is no repeat (ownership before
 * idempotency), and meets the checks of a first call, which refuse it.
 */
export function replay(
  ctx: EngineContext,
  key: string,
  method: string,
  executionId: string,
): Answer | undefined {
  const stored = ctx.store.answers.get(key);
  if (!stored || stored.method !== method) return undefined;
  if (stored.executionId !== undefined && stored.executionId !== executionId) return undefined;
  ctx.counters.repeatsAnswered += 1;
  return ok(stored.data);
}

/** Applies an effect once: remembers its answer and counts it. */
export function record(
  ctx: EngineContext,
  key: string,
  method: string,
  executionId: string,
  data: unknown,
): Answer {
  ctx.store.answers.set(key, { method, executionId, data });
  bump(ctx.counters.effects, key);
  return ok(data);
}

const whereItIs = (execution: Execution): string => {
  const status = statusOf(execution);
  if (execution.phase.kind === 'ended') return `the execution ended ${status}`;
  if (!execution.node) return `the execution is ${status} with no node waiting`;
  return `the execution is ${status} on ${execution.node.nodeType} under another callbackKey`;
};

/** The node this callbackKey names, if it waits and takes this method. */
export function waitingNode(
  execution: Execution,
  callbackKey: string,
  method: MethodName,
): ArmedNode | Refusal {
  const { node } = execution;
  if (!node || !isWaitingOn(execution, callbackKey)) {
    const busy = node?.callbackKey === callbackKey && execution.phase.kind === 'processing';
    return refuse(
      'NODE_NOT_WAITING',
      busy
        ? 'callbackKey: this node already took its input and is processing it'
        : `callbackKey: not waiting (${whereItIs(execution)})`,
    );
  }
  if (!acceptsMethod(node.nodeType, method)) {
    return refuse('NODE_NOT_WAITING', `callbackKey: ${node.nodeType} does not take ${method}`);
  }
  return node;
}

export const isRefusal = (value: object): value is Refusal => 'ok' in value;

export type Applied = { readonly execution: Execution; readonly data: unknown };

/**
 * The shape of every node submission: find the execution, answer a repeat from memory,
 * check the node waits for this method, apply once. `apply` refuses before it changes
 * anything, so a refused call leaves no trace.
 */
export function submit(
  ctx: EngineContext,
  method: MethodName,
  input: { readonly executionId: string; readonly callbackKey: string },
  key: string,
  apply: (execution: Execution, node: ArmedNode, now: number) => Applied | Refusal,
): Answer {
  const execution = readExecution(ctx, input.executionId);
  if (!execution) return notFound();
  const repeat = replay(ctx, key, method, execution.executionId);
  if (repeat) return repeat;
  const node = waitingNode(execution, input.callbackKey, method);
  if (isRefusal(node)) return node;
  const applied = apply(execution, node, ctx.now());
  if (isRefusal(applied)) return applied;
  ctx.store.executions.set(execution.executionId, applied.execution);
  return record(ctx, key, method, execution.executionId, applied.data);
}

/** The answer every plain submission gets. */
export const accepted = (input: { executionId: string; callbackKey: string }, extra = {}) => ({
  executionId: input.executionId,
  callbackKey: input.callbackKey,
  accepted: true,
  ...extra,
});
