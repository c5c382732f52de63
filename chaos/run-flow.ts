import {
  type CustomerProfile,
  createMemorySnapshotStore,
  createProfileResponder,
  type HeadlessResult,
  runHeadless,
} from '../src/adapters/node/index.js';
import type { PollingOptions } from '../src/machine/index.js';
import type { SandboxAdmin } from '../src/sandbox/index.js';
import type { GatewayClient } from '../src/services/index.js';
import { isExpected, type PlannedFlow } from './plan.js';

export interface FlowContext {
  readonly client: GatewayClient;
  readonly profile: CustomerProfile;
  readonly admin: SandboxAdmin;
  readonly polling: Partial<PollingOptions>;
  readonly maxRetries: number;
  /** Real ms the flow may take in all. */
  readonly timeoutMs: number;
  /** Real ms a flow may stay suspended (retrying by itself) before the host steps in. */
  readonly maxSuspendedMs: number;
}

export type FlowVerdict = 'completed' | 'wrongOutcome' | 'stuck';

export interface FlowReport {
  readonly flow: PlannedFlow;
  readonly verdict: FlowVerdict;
  /** How the last run ended (or why it could not). */
  readonly result?: HeadlessResult;
  readonly error?: string;
  /** Resumes after the flow stayed suspended. */
  readonly retries: number;
}

/**
 * One flow as a backend host would run it: headless from a profile, kept in a store; a
 * flow that stays suspended is resumed from the store (a host's retry) up to a bound; a
 * manual review is decided by the operator and the flow resumed to pick up the decision.
 */
export async function runFlow(flow: PlannedFlow, context: FlowContext): Promise<FlowReport> {
  const store = createMemorySnapshotStore();
  const controller = new AbortController();
  const deadline = setTimeout(
    () => controller.abort(new Error(`no outcome after ${context.timeoutMs} ms`)),
    context.timeoutMs,
  );
  const responder = createProfileResponder(
    { ...context.profile, customer: flow.customer },
    { upload: context.client.upload },
  );
  let retries = 0;
  let review: 'stop' | 'wait' = 'stop';
  let result: HeadlessResult | undefined;
  try {
    for (;;) {
      result = await runHeadless({
        client: context.client,
        customer: flow.customer,
        polling: context.polling,
        responder,
        store,
        key: flow.customer.referenceId,
        signal: controller.signal,
        review,
        maxSuspendedMs: context.maxSuspendedMs,
      });
      if (result.status === 'suspended' && retries < context.maxRetries) {
        retries += 1;
        continue;
      }
      if (result.status === 'pendingReview' && review === 'stop' && result.executionId) {
        context.admin.decideReview(result.executionId, flow.review ?? 'APPROVED');
        review = 'wait';
        continue;
      }
      break;
    }
  } catch (error) {
    return {
      flow,
      verdict: 'stuck',
      ...(result && { result }),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      retries,
    };
  } finally {
    clearTimeout(deadline);
  }
  const final = result.status !== 'suspended' && result.status !== 'pendingReview';
  const verdict: FlowVerdict = !final
    ? 'stuck'
    : isExpected(result, flow.expected)
      ? 'completed'
      : 'wrongOutcome';
  return { flow, verdict, result, retries };
}
