import { describe, expect, it } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/create-kyc-flow.js';
import { createGatewayClient } from '../../src/services/client.js';
import { NODE_TYPES } from '../../src/services/wire/vocabulary.js';
import {
  envelope,
  FAKE_CREDENTIALS,
  type FakeCall,
  fakeFetchGateway,
} from '../support/fake-fetch-gateway.js';
import { answerAll, record } from './answers.js';

/**
 * A gateway whose status answer carries the waiting nodes as a list (`currentNode: [...]`),
 * two at once while neither is answered: the guide is silent on how many nodes may wait.
 * Each node has its own callbackKey, so answering them one at a time is safe.
 */
const PARTICULARS = 'workflow.kyc.particular.data';
const LIVENESS = 'workflow.kyc.liveness.data';

function listingGateway() {
  const answered = new Set<string>();
  const node = (kind: 'particulars' | 'liveness') => ({
    nodeId: kind,
    nodeType: NODE_TYPES[kind],
    callbackKey: `kyc:${kind}:exec-1:1`,
  });
  return fakeFetchGateway(({ api, body }: FakeCall) => {
    if (api === 'workflow.applicant.register') return envelope({ customerId: 'C_1' });
    if (api === 'workflow.apply.submit') return envelope({ executionId: 'exec-1' });
    if (api === PARTICULARS || api === LIVENESS) {
      answered.add(String(body.callbackKey));
      return envelope({ accepted: true });
    }
    const waiting = [node('particulars'), node('liveness')].filter(
      (each) => !answered.has(each.callbackKey),
    );
    return envelope(
      waiting.length === 0
        ? { executionId: 'exec-1', status: 'COMPLETED', result: { decision: 'APPROVED' } }
        : { executionId: 'exec-1', status: 'WAITING', currentNode: waiting },
    );
  });
}

/** How the flow ended, or the trouble it stopped on (it would wait there for RETRY). */
const ended = (flow: KycFlow) =>
  Promise.race([
    flow.whenDone(),
    new Promise((resolve) => flow.on('needsAttention', ({ error }) => resolve(error))),
  ]);

describe('a status answer listing the nodes that wait', () => {
  it('has them answered one at a time, each once, to APPROVED', async () => {
    const gateway = listingGateway();
    const flow = createKycFlow({
      client: createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch }),
      customer: { customerId: 'C_1', email: 'jane@example.com', referenceId: 'ref-1' },
      polling: { timeScale: 1000 },
    });
    const emitted = record(flow);
    answerAll(flow);
    flow.start().send({ type: 'START' });
    await expect(ended(flow)).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(emitted.flatMap((event) => (event.type === 'nodeWaiting' ? [event.step] : []))).toEqual([
      'particulars',
      'liveness',
    ]);
    expect(gateway.of(PARTICULARS)).toHaveLength(1);
    expect(gateway.of(LIVENESS)).toHaveLength(1);
  });

  it('with nothing in it, is a node that is not there: read on as RUNNING, never a broken contract', async () => {
    let reads = 0;
    const gateway = fakeFetchGateway(({ api }: FakeCall) => {
      if (api === 'workflow.applicant.register') return envelope({ customerId: 'C_1' });
      if (api === 'workflow.apply.submit') return envelope({ executionId: 'exec-1' });
      reads += 1;
      return envelope(
        reads < 4
          ? { executionId: 'exec-1', status: 'WAITING', currentNode: [] }
          : { executionId: 'exec-1', status: 'COMPLETED', result: { decision: 'APPROVED' } },
      );
    });
    const flow = createKycFlow({
      client: createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch }),
      customer: { customerId: 'C_1', email: 'jane@example.com', referenceId: 'ref-1' },
      polling: { timeScale: 1000 },
    });
    const emitted = record(flow);
    flow.start().send({ type: 'START' });
    await expect(ended(flow)).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(emitted.filter((event) => event.type === 'needsAttention')).toEqual([]);
  });
});
