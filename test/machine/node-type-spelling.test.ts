import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { answerAll, record } from './answers.js';
import { runOnFakeClock, settle } from './fake-clock.js';
import { createFakeGateway } from './fake-gateway.js';

runOnFakeClock();

/**
 * The guide spells node types in lower case; a gateway that spells them otherwise (as the
 * flow already reads statuses, decisions and document types in any case) names the same node.
 */
describe('a node type in another letter case or with spaces around it', () => {
  it('is the node the guide names: answered once each, to APPROVED, never shown as unknown', async () => {
    const fake = createFakeGateway({
      nodes: ['FLOW_ACTION_INDIVIDUAL_PARTICULAR', ' Flow_Action_Liveness_Test\n'],
    });
    const flow = createKycFlow({
      client: fake.client,
      customer: { email: 'jane@example.com', referenceId: 'ref-spelling' },
    });
    const emitted = record(flow);
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(settle(flow.whenDone())).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(emitted.filter((event) => event.type === 'unknownNode')).toEqual([]);
    expect(emitted.flatMap((event) => (event.type === 'nodeWaiting' ? [event.step] : []))).toEqual([
      'particulars',
      'liveness',
    ]);
    // The node reaches the host as the gateway spelled it.
    expect(emitted.find((event) => event.type === 'nodeWaiting')).toMatchObject({
      node: { nodeType: 'FLOW_ACTION_INDIVIDUAL_PARTICULAR' },
    });
    expect(Object.values(fake.effects)).toEqual([1, 1]);
  });
});
