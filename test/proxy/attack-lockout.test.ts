import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBindings } from '../../src/adapters/proxy/index.js';
import { type CallerName, type ProxyHarness, startProxyHarness } from './harness.js';

const startBody = (customerId: string, referenceId: string) =>
  JSON.stringify({ eventType: 'KYC_EVENT', source: 'WEB', data: { customerId, referenceId } });

describe('attack 3: one caller locking every other caller out', () => {
  let harness: ProxyHarness;
  let alicesExecution: string;
  const call = (caller: CallerName, api: string, body: string) =>
    harness.post(api, body, { caller });
  const aliceStatus = () =>
    call('alice', 'workflow.execution.status', JSON.stringify({ executionId: alicesExecution }));

  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        // Room for everyone's flows, but not for one caller's flood; a clock that stands
        // still, so that the minute the calls are counted in never turns.
        bindings: createMemoryBindings({ maxEntries: 30, now: () => 1_000_000 }),
        quotas: { bindingsPerCaller: 10, callsPerMinute: 60 },
      },
    });
    await call('alice', 'workflow.applicant.register', '{"customerId":"C_lockout_alice"}');
    const started = await call('alice', 'workflow.apply.submit', startBody('C_lockout_alice', 'r'));
    alicesExecution = (started.envelope.data as { executionId: string }).executionId;
  });
  afterAll(() => harness.close());

  it("keeps another caller's flow working while one caller starts executions up to her quota and past it", async () => {
    await call('bob', 'workflow.applicant.register', '{"customerId":"C_lockout_bob"}');
    const statuses: number[] = [];
    for (let index = 0; index < 40; index += 1) {
      const answer = await call(
        'bob',
        'workflow.apply.submit',
        startBody('C_lockout_bob', `r${index}`),
      );
      statuses.push(answer.status);
      if (answer.status !== 200) {
        expect(answer.envelope.apiMsg).toMatch(/^PROXY_(QUOTA_EXCEEDED|TOO_MANY_CALLS)/);
      }
    }
    expect((await aliceStatus()).status).toBe(200);
    // Her customer and nine executions: the quota of ten bindings.
    expect(statuses.filter((status) => status === 200)).toHaveLength(9);
    expect(statuses.at(-1)).not.toBe(200);
    // And Alice can still start a flow of her own.
    const second = await call('alice', 'workflow.apply.submit', startBody('C_lockout_alice', 'r2'));
    expect(second.status).toBe(200);
  });

  it("keeps another caller's flow working while one caller exceeds her calls per minute", async () => {
    const body = JSON.stringify({ executionId: alicesExecution });
    // Bob's 41 calls above, and 20 more: 61 in the minute.
    for (let index = 0; index < 20; index += 1)
      await call('bob', 'workflow.execution.status', body);
    const limited = await call('bob', 'workflow.execution.status', body);
    expect(limited.status).toBe(429);
    expect(limited.envelope.apiMsg).toMatch(/^PROXY_TOO_MANY_CALLS/);
    expect((await aliceStatus()).status).toBe(200);
  });
});
