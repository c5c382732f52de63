import {
  isTerminal,
  type NaiveOutcome,
  type NaivePollerOptions,
  type Node,
  registerAndStart,
  sleep,
  submit,
} from './naive-poller.js';

/**
 * The leanest correct client of the guide: the same gateway calls as the naive poller, but
 * one after the other with no pause the sandbox does not need (`intervalMs` is waited only
 * when a poll shows nothing new). The throughput baseline: plain `fetch`, `node:crypto`.
 */
export async function runScriptFlow(options: NaivePollerOptions): Promise<NaiveOutcome> {
  const { gateway, intervalMs } = options;
  const { executionId, referenceId } = await registerAndStart(options);
  const answered = new Set<string>();
  for (;;) {
    const state = await gateway.call('workflow.execution.status', { executionId });
    const status = String(state.status);
    if (isTerminal(status)) {
      const result = state.result as { decision?: string } | undefined;
      return { status, executionId, ...(result?.decision && { decision: result.decision }) };
    }
    const node = state.currentNode as Node | undefined;
    if (status === 'WAITING' && node && !answered.has(node.callbackKey)) {
      answered.add(node.callbackKey);
      await submit(options, node, { executionId, callbackKey: node.callbackKey, referenceId });
      continue;
    }
    await sleep(intervalMs);
  }
}
