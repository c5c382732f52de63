import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { exitCodeOf } from '../../src/adapters/node/cli/run-result.js';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { ANSWER_NOT_TAKEN } from '../../src/adapters/node/resend-watch.js';
import { type RunHeadlessOptions, runHeadless } from '../../src/adapters/node/run-headless.js';
import { createGatewayClient } from '../../src/services/client.js';
import {
  envelope,
  FAKE_CREDENTIALS,
  type FakeCall,
  fakeFetchGateway,
} from '../support/fake-fetch-gateway.js';

/**
 * Gateways that take every answer (apiCode 200) and never move the node on: a headless run
 * ends, saved, with `needsAttention` ANSWER_NOT_TAKEN naming the gateway (the CLI's exit 16),
 * instead of reading for ever or blaming a profile that is fine.
 */

const PARTICULARS = 'workflow.kyc.particular.data';
const PART = 'flow_action_individual_particular';
// 10 minutes of the flow's wait on a taken answer are 600 ms here; the floor is 2 ms.
const SPEED = 1000;

let profile: CustomerProfile;
beforeAll(async () => {
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});

/** A gateway whose particulars node waits under `keyAt(read)`, whatever it is sent. */
function deafGateway(keyAt: (read: number) => string) {
  let reads = 0;
  return fakeFetchGateway(({ api }: FakeCall) => {
    if (api === 'workflow.applicant.register') return envelope({ customerId: 'C_1' });
    if (api === 'workflow.apply.submit')
      return envelope({ executionId: 'exec-1', status: 'CREATED' });
    if (api !== 'workflow.execution.status') return envelope({ accepted: true });
    reads += 1;
    return envelope({
      executionId: 'exec-1',
      status: 'WAITING',
      currentNode: { nodeId: 'n1', nodeType: PART, callbackKey: keyAt(reads) },
    });
  });
}

const runOn = (
  gateway: ReturnType<typeof deafGateway>,
  extra: Partial<RunHeadlessOptions> = {},
) => {
  const client = createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch });
  return runHeadless({
    client,
    customer: { customerId: 'C_1', email: 'jane@example.com', referenceId: 'ref-1' },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    ...extra,
  });
};

describe('a headless run against a gateway that never moves a node on', () => {
  it('same callbackKey: the answer goes twice, then the run ends needsAttention ANSWER_NOT_TAKEN naming the node, saved', async () => {
    const gateway = deafGateway(() => 'kyc:particular:exec-1:n1');
    const store = createMemorySnapshotStore();
    const result = await runOn(gateway, { store, key: 'deaf' });
    expect(result).toMatchObject({
      status: 'needsAttention',
      executionId: 'exec-1',
      error: { code: ANSWER_NOT_TAKEN },
    });
    expect(result.status === 'needsAttention' && result.error.message).toMatch(
      /flow_action_individual_particular n1 took its answer twice/,
    );
    expect(result.status !== 'parked' && exitCodeOf(result)).toBe(EXIT_CODES.contractBroken);
    // The host's answer, and the flow's one repeat of it, under the same callbackKey.
    const sent = gateway.of(PARTICULARS);
    expect(sent.map((call) => call.body.callbackKey)).toEqual([
      'kyc:particular:exec-1:n1',
      'kyc:particular:exec-1:n1',
    ]);
    expect(sent[1]?.body.personData).toEqual(sent[0]?.body.personData);
    // Not given up early: a full wait after each of them.
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(600);
    expect(await store.load('deaf')).toBeDefined();
  });

  it('a new callbackKey on every read: every answer taken, the run ends needsAttention ANSWER_NOT_TAKEN, not a profile error', async () => {
    const gateway = deafGateway((read) => `kyc:particular:exec-1:n1:${read}`);
    const result = await runOn(gateway);
    expect(result).toMatchObject({ status: 'needsAttention', error: { code: ANSWER_NOT_TAKEN } });
    expect(result.status === 'needsAttention' && result.error.message).toMatch(
      /^the answer to flow_action_individual_particular was taken 8 times, each under a new callbackKey, and the gateway still shows the node waiting for it/,
    );
    expect(result.status !== 'parked' && exitCodeOf(result)).toBe(EXIT_CODES.contractBroken);
    expect(gateway.of(PARTICULARS)).toHaveLength(8);
  });
});
