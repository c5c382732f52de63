import { createGatewayClient } from '../../src/services/client.js';
import type { GatewayClient } from '../../src/services/types.js';

/**
 * A gateway (as a `fetch`, behind the real client) that registers, starts `exec-1` and then
 * answers the status reads in turn, the last one for every read after it.
 */
export function scriptedStatusGateway(statusAnswers: readonly object[]): {
  readonly client: GatewayClient;
  readonly apis: string[];
} {
  const apis: string[] = [];
  let reads = 0;
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const api = url.searchParams.get('api') ?? '';
    apis.push(api);
    const data =
      api === 'workflow.applicant.register'
        ? { customerId: 'C_1' }
        : api === 'workflow.apply.submit'
          ? { executionId: 'exec-1', status: 'CREATED' }
          : statusAnswers[Math.min(reads++, statusAnswers.length - 1)];
    return new Response(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  const client = createGatewayClient({
    gatewayUrl: 'https://gateway.example.test/gateway',
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'dom',
    fetch,
  });
  return { client, apis };
}

/** Manual review waits, and the gateway shows its engine's own verdict that sent it there. */
export const REVIEW_WITH_ENGINE_VERDICT = {
  executionId: 'exec-1',
  status: 'WAITING',
  currentNode: {
    nodeId: 'review',
    nodeType: 'flow_action_manual_review',
    callbackKey: 'kyc:review:exec-1:1',
  },
  result: { decision: 'REJECTED', riskScore: 81 },
};

export const completedWith = (fields: object = {}) => ({
  executionId: 'exec-1',
  status: 'COMPLETED',
  ...fields,
});
