import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { GATEWAY_CODES } from '../../src/services/wire/vocabulary.js';
import { answerAll, record } from './answers.js';
import { advanceUntil, runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

const PARTICULARS = 'workflow.kyc.particular.data';
const busy = () => new GatewayError(PARTICULARS, GATEWAY_CODES.SERVICE_TIME_OUT, 'timed out');

/** A gateway that refuses the particulars `times` times (nothing applied) while the node waits. */
const refusingGateway = (times: number) => {
  const fake = createFakeGateway({ nodes: ['particulars', 'liveness'] });
  fake.failNext(PARTICULARS, busy(), times);
  const flow = createKycFlow({
    client: fake.client,
    customer: { email: 'jane@example.com', referenceId: 'ref-held' },
  });
  const emitted = record(flow);
  answerAll(flow);
  const sentAt: number[] = [];
  const errors: (string | undefined)[] = [];
  flow.subscribe((view) => {
    while (sentAt.length < (fake.calls[PARTICULARS] ?? 0)) {
      sentAt.push(Date.now());
      errors.push(view.error?.message);
    }
  });
  flow.start().send({ type: 'START' });
  return { fake, flow, emitted, sentAt, errors };
};

describe('an answer the gateway keeps failing on', () => {
  it('is sent again by the flow itself with growing waits, the trouble shown meanwhile, the host asked once', async () => {
    const { fake, flow, emitted, sentAt, errors } = refusingGateway(7);
    await advanceUntil(() => (fake.calls[PARTICULARS] ?? 0) >= 8, 20_000);
    // A status read between two sends (the node still waiting) resets neither the back-off
    // nor the error: the waits double up to the ceiling.
    const gaps = sentAt.slice(1).map((at, index) => at - (sentAt[index] ?? at));
    expect(gaps.at(-1)).toBeGreaterThan(8 * (gaps[0] ?? 0));
    for (const [index, gap] of gaps.entries()) {
      if (index > 0 && index < 5) expect(gap, `gap ${index}`).toBeGreaterThan(gaps[index - 1] ?? 0);
    }
    expect(errors.slice(1).every((message) => message?.includes('timed out'))).toBe(true);
    expect(emitted.filter((event) => event.type === 'nodeWaiting')).toHaveLength(1);
    // Taken at last: it goes on, and the trouble is gone from the view.
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ status: 'completed' });
    expect(fake.calls[PARTICULARS]).toBe(8);
  });
});
