import type { MethodInput } from '../../services/wire/methods.js';
import { type Answer, ok, refuse } from '../answer.js';
import { bump } from '../counters.js';
import type { EngineContext } from '../engine-context.js';
import { createExecution, statusOf } from '../execution.js';
import { readExecution } from '../submission.js';

/**
 * `workflow.apply.submit`: one execution per (customerId, referenceId); a repeat answers
 * the same executionId (with its current status) and starts nothing.
 */
export function start(ctx: EngineContext, input: MethodInput<'workflow.apply.submit'>): Answer {
  const { customerId, referenceId } = input.data;
  const customer = ctx.store.customers.get(customerId);
  if (!customer) {
    return refuse(
      'API_INVALID_REQUEST',
      'data.customerId: not registered (call workflow.applicant.register first)',
    );
  }
  const startKey = `start:${customerId}:${referenceId}`;
  const known = ctx.store.starts.get(startKey);
  const running = known === undefined ? undefined : readExecution(ctx, known);
  if (running) {
    ctx.counters.repeatsAnswered += 1;
    return ok({ executionId: running.executionId, status: statusOf(running) });
  }
  const scenarioName = customer.scenario ?? ctx.settings.scenario;
  const scenario = ctx.settings.scenarios.get(scenarioName);
  if (!scenario) return refuse('SERVICE_INVOKE_ERROR', `scenario ${scenarioName} is not loaded`);
  const executionId = `exec-${ctx.random.hex(12)}`;
  const execution = createExecution({
    executionId,
    customerId,
    referenceId,
    ...(customer.email ? { email: customer.email } : {}),
    scenario,
    timing: ctx.settings.timing,
    seed: ctx.random.int(0, 2 ** 32 - 1),
    now: ctx.now(),
  });
  ctx.store.executions.set(executionId, execution);
  ctx.store.starts.set(startKey, executionId);
  ctx.counters.starts += 1;
  bump(ctx.counters.effects, startKey);
  return ok({ executionId, status: 'CREATED' });
}
