import { describe, expect, it } from 'vitest';
import { createMemoryFlows, type FlowsStore } from '../../src/adapters/proxy/index.js';
import { authorizeByToken, startProxyHarness } from './harness.js';

/**
 * The secure default (`claimCustomers: 'never'`) with handoffs on: a caller the host names
 * no customer for is let through only with a handoff granted to its device, which the
 * proxy reads from the flows store before it refuses `PROXY_NO_CUSTOMER`. Such calls must
 * count against the caller's calls per minute like any other, or one signed-in session
 * (or a bot with any account) gets a store read for every request it sends, unbounded.
 */
describe('attack: a flood of calls from a caller with no customer of record', () => {
  it('is limited like any caller: past its calls per minute, refused without a store read', async () => {
    const flows = createMemoryFlows();
    let reads = 0;
    const counting: FlowsStore = {
      read: (key) => {
        reads += 1;
        return flows.read(key);
      },
      write: (key, value, keepMs, expected) => flows.write(key, value, keepMs, expected),
      take: (key) => flows.take(key),
    };
    const harness = await startProxyHarness({
      proxy: {
        claimCustomers: 'never',
        authorize: authorizeByToken,
        flows: counting,
        quotas: { callsPerMinute: 5 },
      },
    });
    try {
      const answers = [];
      for (let call = 0; call < 30; call += 1) {
        answers.push(
          await harness.post('workflow.execution.status', '{"executionId":"E1"}', {
            caller: 'alice',
          }),
        );
      }
      const codes = answers.map((answer) => answer.envelope.apiMsg.split(':')[0]);
      expect(codes.slice(0, 5)).toEqual(Array(5).fill('PROXY_NO_CUSTOMER'));
      expect(codes.slice(5)).toEqual(Array(25).fill('PROXY_TOO_MANY_CALLS'));
      expect(answers.at(-1)?.status).toBe(429);
      expect(reads).toBeLessThanOrEqual(5);
      expect(harness.sandbox.stats().calls).toEqual({});
    } finally {
      await harness.close();
    }
  });
});
