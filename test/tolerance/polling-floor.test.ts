import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { customerFor, flowFor, openSandbox } from '../machine/sandbox-harness.js';
import { hostFromView } from '../resilience/view-host.js';
import { envelope, FAKE_CREDENTIALS, fakeFetchGateway } from '../support/fake-fetch-gateway.js';

/** The guide: "poll every 2–5 s". The floor is its lower bound, by default. */
const FLOOR_MS = 2_000;

/** The closest two status reads of one execution came, by the sandbox's own log. */
const closestReads = (sandbox: Sandbox, executionId: string): number => {
  const reads = sandbox.stats().statusReads[executionId] ?? [];
  let closest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < reads.length; i += 1) {
    closest = Math.min(closest, (reads[i] ?? 0) - (reads[i - 1] ?? 0));
  }
  return closest;
};

describe('the polling floor, against a sandbox at real speed', () => {
  it('never reads one execution’s status twice within 2 s, submissions and watches included', async () => {
    const sandbox = await openSandbox({ speed: 1, scenario: 'minimal' });
    // A host that answers at once: the fast look after each submission meets the floor.
    const { flow } = flowFor(sandbox, customerFor(), { speed: 1 });
    const stop = hostFromView(flow);
    flow.start();
    const outcome = await flow.whenDone();
    stop();
    expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    const reads = sandbox.stats().statusReads[outcome.executionId ?? ''] ?? [];
    expect(reads.length).toBeGreaterThan(2);
    expect(closestReads(sandbox, outcome.executionId ?? '')).toBeGreaterThanOrEqual(FLOOR_MS);
  }, 40_000);
});

describe('the polling floor, when status reads fail', () => {
  // A read the gateway answers busy is not retried by the client within the floor (its
  // back-off starts at a quarter second): the poll reads again in turn, after the floor.
  it.each([
    ['HTTP 503', () => new Response('busy', { status: 503 })],
    [
      'apiCode 999401 in an HTTP 200',
      () =>
        new Response(JSON.stringify({ apiCode: 999401, apiMsg: 'SERVICE_TIME_OUT', data: null })),
    ],
  ])(
    '%s: no two status reads within 2 s, and the flow reads on once they succeed',
    async (_, busy) => {
      let statusReads = 0;
      const gateway = fakeFetchGateway(({ api }) => {
        if (api === 'workflow.applicant.register') return envelope({ customerId: 'C_1' });
        if (api === 'workflow.apply.submit')
          return envelope({ executionId: 'exec-1', status: 'CREATED' });
        statusReads += 1;
        return statusReads === 1 ? busy() : envelope({ executionId: 'exec-1', status: 'RUNNING' });
      });
      const flow = createKycFlow({
        client: { ...FAKE_CREDENTIALS, fetch: gateway.fetch },
        customer: { customerId: 'C_1', referenceId: 'ref-1' },
      });
      const states = new Set<string>();
      flow.subscribe((view) => states.add(view.state));
      flow.start().send({ type: 'START' });
      await new Promise((settle) => setTimeout(settle, 6_000));
      flow.stop();
      // One busy answer is read again in turn: no pause to show a customer.
      expect([...states].filter((state) => state.startsWith('suspended'))).toEqual([]);
      const reads = gateway.of('workflow.execution.status').map((call) => call.at);
      const gaps = reads.slice(1).map((at, index) => at - (reads[index] ?? at));
      expect(reads.length).toBeGreaterThanOrEqual(3);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FLOOR_MS);
    },
    20_000,
  );
});
