import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  createMemoryBindings,
  createRedisBindings,
  type ExecutionBindings,
} from '../../src/adapters/proxy/index.js';
import type { Scenario } from '../../src/sandbox/index.js';
import { NODE_TYPES } from '../../src/services/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import { type ProxyHarness, pollUntil, startProxyHarness } from './harness.js';

const OTP_NODES: Scenario = {
  name: 'otp-nodes',
  steps: ['emailOtp', 'phoneOtp'],
  outcome: 'APPROVED',
};

/** A harness whose executions stop at the email then the phone OTP node, no cooldown. */
const harnessOn = (bindings: ExecutionBindings) =>
  startProxyHarness({
    sandbox: { scenarios: [OTP_NODES], scenario: OTP_NODES.name, otpCooldownMs: 0 },
    proxy: { bindings },
  });

/** Alice's execution, waiting at its first node (the email OTP, naming her email). */
const startAt = async (harness: ProxyHarness, customerId: string) => {
  const client = harness.client('alice');
  await client.register({ customerId, email: 'alice@example.com' });
  const { executionId } = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId: `ref-${customerId}` },
  });
  const state = await pollUntil(client, executionId, (s) => s.status === 'WAITING');
  return { client, executionId, state };
};

const sends = (harness: ProxyHarness) =>
  harness.sandbox.stats().calls['workflow.kyc.otp.send'] ?? 0;

const attackOn = (name: string, bindings: () => ExecutionBindings) =>
  it(`has codes sent to no more than 3 numbers from one execution (${name})`, async () => {
    const harness = await harnessOn(bindings());
    try {
      const { executionId, state } = await startAt(harness, `C_pump_${name}`);
      const send = (identity: string) =>
        harness.post(
          'workflow.kyc.otp.send',
          JSON.stringify({
            executionId,
            callbackKey: state.currentNode?.callbackKey,
            referenceId: 'ref-pump',
            type: 'phone',
            identity,
          }),
          { caller: 'alice' },
        );

      // Premium-rate numbers, one after another, from the caller's one live execution.
      const answers = [];
      for (let n = 0; n < 12; n += 1)
        answers.push(await send(`+4470${String(n).padStart(8, '0')}`));

      expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([200, 200, 200]);
      for (const refused of answers.slice(3)) {
        expect(refused.status).toBe(400);
        expect(refused.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY/);
        expect(refused.envelope).toMatchObject({
          validation: { direction: 'request', issues: [{ field: 'identity' }] },
        });
        // Fields and expectations, never the value.
        expect(JSON.stringify(refused.envelope)).not.toContain('+4470');
      }
      expect(sends(harness)).toBe(3);
      // One of the three, written another way, is the same phone: still its own to resend to.
      expect((await send('+44 70 0000 0001')).status).toBe(200);
      expect(sends(harness)).toBe(4);
      expect(harness.events.at(-2)).toMatchObject({ refusal: 'invalidBody' });
    } finally {
      await harness.close();
    }
  });

const legitimateOn = (name: string, bindings: () => ExecutionBindings) =>
  it(`still verifies the named email, then a phone number corrected twice, to the outcome (${name})`, async () => {
    const harness = await harnessOn(bindings());
    try {
      const { client, executionId, state: first } = await startAt(harness, `C_legit_${name}`);
      expect(first.currentNode).toMatchObject({
        nodeType: NODE_TYPES.emailOtp,
        config: { identity: 'alice@example.com' },
      });
      const node = (callbackKey = '') => ({ executionId, callbackKey, referenceId: 'ref-legit' });
      const code = async (
        callbackKey: string | undefined,
        type: 'email' | 'phone',
        identity: string,
      ) => {
        const { requestId } = await client.sendOtp({ ...node(callbackKey), type, identity });
        return { ...node(callbackKey), type, identity, requestId };
      };

      // The email the node names counts for nothing, however often it is asked for.
      await code(first.currentNode?.callbackKey, 'email', 'alice@example.com');
      const email = await code(first.currentNode?.callbackKey, 'email', 'Alice@Example.com ');
      await client.verifyOtp({ ...email, code: '123456' });

      const phoneNode = await pollUntil(
        client,
        executionId,
        (s) => s.currentNode?.nodeType === NODE_TYPES.phoneOtp,
      );
      const key = phoneNode.currentNode?.callbackKey;
      // A typo, then its correction, then the number the customer really has.
      await code(key, 'phone', '+65 9123 4576');
      await code(key, 'phone', '+65 9123 4567');
      const phone = await code(key, 'phone', '+65 8123 4567');
      await client.verifyOtp({ ...phone, code: '123456' });

      const done = await pollUntil(client, executionId, (s) => s.status === 'COMPLETED');
      expect(done.result?.decision).toBe('APPROVED');
      expect(sends(harness)).toBe(5);
    } finally {
      await harness.close();
    }
  });

const verifyElsewhereOn = (name: string, bindings: () => ExecutionBindings) =>
  it(`verifies a code only for an identity the execution sent one to (${name})`, async () => {
    const harness = await harnessOn(bindings());
    try {
      const { client, executionId, state } = await startAt(harness, `C_verify_${name}`);
      const node = { executionId, callbackKey: state.currentNode?.callbackKey ?? '' };
      const sent = { ...node, referenceId: 'ref-verify', type: 'email' as const };
      const { requestId } = await client.sendOtp({ ...sent, identity: 'alice@example.com' });
      const verify = (identity: string) =>
        harness.post(
          'workflow.kyc.otp.verify',
          JSON.stringify({ ...sent, identity, requestId, code: '123456' }),
          { caller: 'alice' },
        );
      const verifies = () => harness.sandbox.stats().calls['workflow.kyc.otp.verify'] ?? 0;

      // The code alice received, verified for an address she never got one at: that
      // address would pass as hers.
      const elsewhere = await verify('mallory@example.com');
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.envelope).toMatchObject({
        apiMsg: expect.stringMatching(/^PROXY_INVALID_BODY/),
        validation: { direction: 'request', issues: [{ field: 'identity' }] },
      });
      expect(JSON.stringify(elsewhere.envelope)).not.toContain('mallory');
      expect(verifies()).toBe(0);
      const still = await client.getExecution({ executionId });
      expect(still.currentNode?.nodeType).toBe(NODE_TYPES.emailOtp);

      expect((await verify(' ALICE@example.com')).envelope).toMatchObject({
        apiCode: 200,
        data: { verified: true },
      });
    } finally {
      await harness.close();
    }
  });

/** The digest an attacker computes for a phone number (the previous version stored exactly this). */
const plainDigest = (identity: string) =>
  createHash('sha256').update(`otp:${identity}`, 'utf8').digest('base64url').slice(0, 22);

/** Every field and value of every hash under `prefix`: what a dump of the store shows. */
const dumpOf = async (client: Redis, prefix: string): Promise<string> => {
  const words: string[] = [];
  for (const key of await client.keys(`${prefix}*`)) {
    words.push(key);
    if ((await client.type(key)) === 'hash') words.push(...Object.keys(await client.hgetall(key)));
  }
  return words.join('\n');
};

const dumpBruteForceOn = (
  name: string,
  store: () => ExecutionBindings,
  dump: () => Promise<string>,
) =>
  it(`keeps no digest of a phone number that anyone with the store can brute-force (${name})`, async () => {
    const harness = await harnessOn(store());
    try {
      const { executionId, state } = await startAt(harness, `C_dump_${name}`);
      const phone = '+6591234567';
      const sent = await harness.post(
        'workflow.kyc.otp.send',
        JSON.stringify({
          executionId,
          callbackKey: state.currentNode?.callbackKey,
          referenceId: 'ref-dump',
          type: 'phone',
          identity: phone,
        }),
        { caller: 'alice' },
      );
      expect(sent.status).toBe(200);
      const dumped = await dump();
      // The digest was stored (a resend to it is free), just not one computable without the secret.
      expect(dumped).toMatch(/\bs:[\w-]+/);
      // What an attacker does with the dump: hash candidate numbers (here the last two digits
      // of every +65 9123 45xx; the whole plan is a few seconds' work) and look for a match.
      const candidates = Array.from(
        { length: 100 },
        (_, n) => `+65912345${String(n).padStart(2, '0')}`,
      );
      expect(candidates.filter((candidate) => dumped.includes(plainDigest(candidate)))).toEqual([]);
      expect(dumped).not.toContain(phone);
    } finally {
      await harness.close();
    }
  });

describe('attack: SMS pumping through one execution', () => {
  attackOn('memory', () => createMemoryBindings());
  legitimateOn('memory', () => createMemoryBindings());
  verifyElsewhereOn('memory', () => createMemoryBindings());
});

describeWithRedis('attack: SMS pumping through one execution, in Redis', () => {
  const redis = useRedisServer();
  attackOn('redis', () => createRedisBindings(redis.client, { prefix: 'pump:' }));
  legitimateOn('redis', () => createRedisBindings(redis.client, { prefix: 'legit:' }));
  verifyElsewhereOn('redis', () => createRedisBindings(redis.client, { prefix: 'verify:' }));
  dumpBruteForceOn(
    'redis',
    () => createRedisBindings(redis.client, { prefix: 'dump:' }),
    () => dumpOf(redis.client, 'dump:'),
  );
});
