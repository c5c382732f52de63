import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBindings } from '../../src/adapters/proxy/index.js';
import { HOUR, manualClock } from './bindings-suite.js';
import { type CallerName, type ProxyHarness, pollUntil, startProxyHarness } from './harness.js';

const OWNER_EMAIL = 'owner.takeover@example.com';

const refusal = (name: string) =>
  expect.objectContaining({
    status: 403,
    envelope: expect.objectContaining({
      apiCode: 999303,
      apiMsg: expect.stringMatching(new RegExp(`^${name}`)),
    }),
  });

describe('attack 2: taking over an older execution once its binding is forgotten', () => {
  const clock = manualClock();
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: { bindings: createMemoryBindings({ ttlMs: 24 * HOUR, now: clock.now }) },
    });
  });
  afterAll(() => harness.close());

  const call = (caller: CallerName, api: string, body: unknown) =>
    harness.post(api, JSON.stringify(body), { caller });
  const start = (caller: CallerName, customerId: string, referenceId: string) =>
    call(caller, 'workflow.apply.submit', {
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId },
    });

  it("answers the second caller 403 everywhere, never the owner's email, after the TTL", async () => {
    const customerId = 'C_takeover+minimal';
    const owner = await call('alice', 'workflow.applicant.register', {
      customerId,
      email: OWNER_EMAIL,
    });
    expect(owner.status).toBe(200);
    const started = await start('alice', customerId, 'ref-owner');
    const { executionId } = started.envelope.data as { executionId: string };
    await pollUntil(harness.client('alice'), executionId, (s) => s.status === 'WAITING');
    const answersBefore = harness.answers.length;
    const starts = harness.sandbox.stats().starts;

    clock.advance(25 * HOUR);
    expect(await call('bob', 'workflow.applicant.register', { customerId })).toEqual(
      refusal('PROXY_FOREIGN_CUSTOMER'),
    );
    expect(await start('bob', customerId, 'ref-owner')).toEqual(refusal('PROXY_FOREIGN_CUSTOMER'));
    expect(await call('bob', 'workflow.execution.status', { executionId })).toEqual(
      refusal('PROXY_FOREIGN_EXECUTION'),
    );
    expect(
      await call('bob', 'workflow.kyc.ocr.data', { executionId, callbackKey: 'kyc:ocr:1' }),
    ).toEqual(refusal('PROXY_FOREIGN_EXECUTION'));

    const toBob = harness.answers.slice(answersBefore).join('\n');
    expect(toBob).not.toContain(OWNER_EMAIL);
    expect(toBob).not.toContain(executionId);
    expect(harness.sandbox.stats().starts).toBe(starts);
  });

  it('refuses the expired execution to its owner too, even through an idempotent start, and lets her start anew', async () => {
    const customerId = 'C_takeover+minimal';
    const status = await call('alice', 'workflow.execution.status', {
      executionId: harness.sandbox.stats().executions.find((e) => e.customerId === customerId)
        ?.executionId,
    });
    expect(status).toEqual(refusal('PROXY_FOREIGN_EXECUTION'));
    // Her old referenceId brings the gateway's idempotent answer: the expired execution.
    expect(await start('alice', customerId, 'ref-owner')).toEqual(
      refusal('PROXY_FOREIGN_EXECUTION'),
    );
    expect((await call('alice', 'workflow.applicant.register', { customerId })).status).toBe(200);
    const fresh = await start('alice', customerId, 'ref-owner-2');
    expect(fresh.status).toBe(200);
    const { executionId } = fresh.envelope.data as { executionId: string };
    expect((await call('alice', 'workflow.execution.status', { executionId })).status).toBe(200);
    expect((await call('bob', 'workflow.execution.status', { executionId })).status).toBe(403);
  });
});

describe('attack 2, by eviction: one caller filling the store with junk', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        bindings: createMemoryBindings({ maxEntries: 40 }),
        quotas: { bindingsPerCaller: 20, callsPerMinute: 1_000_000 },
      },
    });
  });
  afterAll(() => harness.close());

  it("cannot push the owner's bindings out, so the takeover still answers 403", async () => {
    const customerId = 'C_evicted+minimal';
    const call = (caller: CallerName, api: string, body: unknown) =>
      harness.post(api, JSON.stringify(body), { caller });
    await call('alice', 'workflow.applicant.register', { customerId, email: OWNER_EMAIL });
    const started = await call('alice', 'workflow.apply.submit', {
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-evicted' },
    });
    const { executionId } = started.envelope.data as { executionId: string };

    const junk: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      const answer = await call('bob', 'workflow.applicant.register', {
        customerId: `C_junk_${index}`,
      });
      junk.push(answer.status);
    }
    expect(junk.filter((status) => status === 200).length).toBeLessThanOrEqual(20);
    const answersBefore = harness.answers.length;
    expect(await call('bob', 'workflow.applicant.register', { customerId })).toEqual(
      refusal('PROXY_FOREIGN_CUSTOMER'),
    );
    expect(await call('bob', 'workflow.execution.status', { executionId })).toEqual(
      refusal('PROXY_FOREIGN_EXECUTION'),
    );
    expect(harness.answers.slice(answersBefore).join('\n')).not.toContain(OWNER_EMAIL);
    expect((await call('alice', 'workflow.execution.status', { executionId })).status).toBe(200);
  });
});
