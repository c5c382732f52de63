import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { DEFAULT_MAX_SENDS_PER_NODE } from '../../src/adapters/node/resend-watch.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import type { HeadlessEvent } from '../../src/adapters/node/run-events.js';
import { type RunHeadlessOptions, runHeadless } from '../../src/adapters/node/run-headless.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import type { GatewayClient } from '../../src/services/types.js';

const SPEED = 25;
let sandbox: Sandbox;
let client: GatewayClient;
let profile: CustomerProfile;

const clientOf = (box: Sandbox, retry?: { limit: number }) =>
  createGatewayClient({
    gatewayUrl: box.gatewayUrl,
    storageUrl: box.storageUrl,
    ...box.credentials,
    ...(retry && { retry }),
  });

beforeAll(async () => {
  sandbox = await startSandbox({ speed: SPEED });
  client = clientOf(sandbox);
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});
afterAll(() => sandbox.close());

let customers = 0;
/** A run for a customer of its own, forced into `scenario`. */
function options(scenario: string, extra: Partial<RunHeadlessOptions> = {}): RunHeadlessOptions {
  customers += 1;
  const customerId = `C_headless_${customers}+${scenario}`;
  return {
    client,
    customer: { customerId, email: `headless-${customers}@example.com`, phone: '+65 9123 4567' },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    ...extra,
  };
}

const executionsOf = (box: Sandbox, customerId: string) =>
  box.stats().executions.filter((execution) => execution.customerId === customerId);

describe('runHeadless', () => {
  it('answers every node of the full scenario and reports what it does', async () => {
    const events: HeadlessEvent[] = [];
    const result = await runHeadless(options('full', { onEvent: (event) => events.push(event) }));
    expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    const answered = events.flatMap((event) => (event.type === 'answering' ? [event.kind] : []));
    expect(answered).toEqual([
      'identityDocument',
      'particulars',
      'liveness',
      'emailOtp',
      'phoneOtp',
      'requiredDocuments',
      'requiredForms',
    ]);
    const sent = events.flatMap((event) => (event.type === 'sent' ? [event.event] : []));
    expect(sent.filter((type) => type === 'ADD_DOCUMENT')).toHaveLength(2);
    expect(sent.indexOf('SEND_OTP')).toBeLessThan(sent.indexOf('VERIFY_OTP'));
    expect(events.at(-1)).toEqual({ type: 'done', outcome: result });
  });

  it('stops at manual review with the flow saved, and a later run picks up the decision', async () => {
    const store = createMemorySnapshotStore();
    const run = options('manual-review', { store, key: 'review-1' });
    const pending = await runHeadless(run);
    expect(pending).toMatchObject({
      status: 'pendingReview',
      node: { nodeType: 'flow_action_manual_review' },
    });
    expect(store.keys()).toEqual(['review-1']);
    sandbox.admin.decideReview(pending.executionId ?? '', 'APPROVED');

    const events: HeadlessEvent[] = [];
    const decided = await runHeadless({
      ...run,
      review: 'wait',
      onEvent: (event) => events.push(event),
    });
    expect(decided).toEqual(
      expect.objectContaining({
        status: 'completed',
        decision: 'APPROVED',
        executionId: pending.executionId,
      }),
    );
    expect(events[0]).toMatchObject({ type: 'resumed', key: 'review-1' });
    expect(executionsOf(sandbox, run.customer.customerId ?? '')).toHaveLength(1);
  });

  it('stops when aborted, keeps the flow, and resumes it on the same execution', async () => {
    const store = createMemorySnapshotStore();
    const controller = new AbortController();
    const run = options('full', { store, key: 'abort-1' });
    const aborted = runHeadless({
      ...run,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'sent' && event.event === 'SUBMIT_LIVENESS')
          controller.abort(new Error('stop here'));
      },
    });
    await expect(aborted).rejects.toThrow('stop here');
    const saved = await store.load('abort-1');
    expect(saved).toBeDefined();

    const result = await runHeadless(run);
    expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    const executions = executionsOf(sandbox, run.customer.customerId ?? '');
    expect(executions).toHaveLength(1);
    expect(result).toMatchObject({ executionId: executions[0]?.executionId });
  });

  it('fails with a ResponderError naming what the profile lacks, the flow saved', async () => {
    const store = createMemorySnapshotStore();
    const { liveness: _, ...withoutLiveness } = profile;
    const run = options('minimal', {
      store,
      key: 'no-liveness',
      responder: createProfileResponder(withoutLiveness, { upload: client.upload }),
    });
    const error = await runHeadless(run).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponderError);
    expect(error).toMatchObject({ field: 'liveness', nodeType: 'flow_action_liveness_test' });
    expect(await store.load('no-liveness')).toBeDefined();
  });

  it('resolves suspended when the gateway stays down too long, and resumes once it is back', async () => {
    const flaky = await startSandbox({ speed: SPEED });
    try {
      const store = createMemorySnapshotStore();
      const run = {
        ...options('minimal', { store, key: 'down-1', maxSuspendedMs: 300 }),
        client: clientOf(flaky, { limit: 0 }),
      };
      // Register and start succeed; then the gateway fails for a while.
      let armed = false;
      const suspended = await runHeadless({
        ...run,
        onEvent: (event) => {
          if (!armed && event.type === 'state' && event.executionId) {
            armed = true;
            // More failures than the flow's back-off gets through in 300 ms, fewer than forever.
            flaky.injectFaults({ kind: 'http-500', method: '*', times: 5 });
          }
        },
      });
      expect(suspended).toMatchObject({ status: 'suspended', error: { retryable: true } });
      expect(await store.load('down-1')).toBeDefined();

      const result = await runHeadless({ ...run, maxSuspendedMs: 60_000 });
      expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
      expect(flaky.stats()).toMatchObject({ registrations: 1, starts: 1 });
    } finally {
      await flaky.close();
    }
  });

  it('gives up on a node whose answer the gateway never takes: needsAttention after a bounded number of sends, the flow saved', async () => {
    const speed = 200;
    const refusing = await startSandbox({ speed });
    try {
      const particulars = 'workflow.kyc.particular.data';
      refusing.injectFaults({ kind: 'service-timeout', method: particulars, times: 1_000 });
      const store = createMemorySnapshotStore();
      const result = await runHeadless({
        ...options('minimal', { store, key: 'never-taken', polling: { timeScale: speed } }),
        client: clientOf(refusing, { limit: 0 }),
      });
      expect(result).toMatchObject({
        status: 'needsAttention',
        error: { code: 'ANSWER_NOT_TAKEN' },
      });
      expect(result.status === 'needsAttention' && result.error.message).toMatch(
        /^the answer to flow_action_individual_particular went out 9 times and the gateway still shows the node waiting for it \(last: .*999401/,
      );
      // The host's answer and the flow's own resends of it, a bounded number, none applied
      // (the one starting as the run stops may or may not have gone out).
      const sends = refusing.stats().calls[particulars] ?? 0;
      expect(sends).toBeGreaterThanOrEqual(DEFAULT_MAX_SENDS_PER_NODE);
      expect(sends).toBeLessThanOrEqual(DEFAULT_MAX_SENDS_PER_NODE + 1);
      const applied = Object.keys(refusing.stats().effects);
      expect(applied.filter((key) => !/^(register|start):/.test(key))).toEqual([]);
      expect(await store.load('never-taken')).toBeDefined();
    } finally {
      await refusing.close();
    }
  });

  it('runs many flows at once in one process, each on its own execution', async () => {
    const store = createMemorySnapshotStore();
    const runs = Array.from({ length: 100 }, (_, index) =>
      options(index % 3 === 0 ? 'full' : 'minimal', { store, key: `many-${index}` }),
    );
    const before = sandbox.stats().starts;
    const results = await Promise.all(runs.map((run) => runHeadless(run)));
    expect(
      results.every((result) => result.status === 'completed' && result.decision === 'APPROVED'),
    ).toBe(true);
    expect(new Set(results.map((result) => result.executionId)).size).toBe(100);
    expect(sandbox.stats().starts - before).toBe(100);
    expect(store.keys()).toHaveLength(100);
    expect(Object.values(sandbox.stats().effects).every((count) => count === 1)).toBe(true);
  }, 120_000);
});
