import { describe, expect, it } from 'vitest';
import { createSandboxGateway } from '../../src/sandbox/index.js';
import { manualClock } from './harness.js';
import { signBody } from './raw-client.js';

describe('scale, through the fetch-standard app (no server)', () => {
  it('keeps 10 000 executions waiting without a timer each, and reads them lazily', async () => {
    const clock = manualClock();
    const gateway = createSandboxGateway({ seed: 8, now: clock.now, scenario: 'minimal' });
    const call = async (api: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const response = await gateway.app.fetch(
        new Request(
          `http://sandbox/gateway?api=${api}&apiVersion=1.0.0&apiKey=ak_sandbox&sign=${signBody('sk_sandbox', body)}`,
          { method: 'POST', headers: { 'x-domain': 'dom_sandbox' }, body },
        ),
      );
      const envelope = (await response.json()) as { apiCode: number; data: Record<string, string> };
      expect(envelope.apiCode).toBe(200);
      return envelope.data;
    };
    const count = 10_000;
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const customerId = `C_${i}`;
      await call('workflow.applicant.register', { customerId });
      const started = await call('workflow.apply.submit', {
        eventType: 'KYC_EVENT',
        source: 'API',
        data: { customerId, referenceId: `ref-${i}` },
      });
      ids.push(started.executionId as string);
    }
    expect(new Set(ids).size).toBe(count);
    clock.tick();
    const stats = gateway.stats();
    expect(stats.starts).toBe(count);
    expect(
      stats.executions.every(
        (e) => e.status === 'WAITING' && e.nodeType === 'flow_action_individual_particular',
      ),
    ).toBe(true);
    const last = await call('workflow.execution.status', { executionId: ids[count - 1] });
    expect(last.status).toBe('WAITING');
  }, 120_000);
});
