import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../src/services/index.js';
import { type ProxyHarness, startedAtFirstNode, startProxyHarness } from './harness.js';

/**
 * A `\ud800` escape with no partner is valid JSON, but no UTF-8 can carry what it decodes
 * to: each gateway reads it its own way (U+FFFD, an error, or nothing at all, as a driver
 * that drops what it cannot encode does). To such a gateway `C_Alice\ud800` is `C_Alice`,
 * while the proxy, which binds the id as it parsed it, took it for a customer nobody holds.
 */
describe('attack: lone surrogate escapes in bodies', () => {
  let harness: ProxyHarness;
  let executionId: string;
  let callbackKey: string;
  const callsTo = (method: string) => harness.sandbox.stats().calls[method] ?? 0;

  beforeAll(async () => {
    harness = await startProxyHarness();
    const alice = harness.client('alice');
    await alice.register({ customerId: 'C_lone+minimal' });
    const started = await startedAtFirstNode(harness.client('bob'), 'C_bob_lone+minimal');
    executionId = started.executionId;
    expect(started.node?.nodeType).toBe(NODE_TYPES.particulars);
    callbackKey = started.node?.callbackKey ?? '';
  });
  afterAll(() => harness.close());

  it("refuses a register of another caller's customerId with a lone surrogate after it, before the gateway hears of it", async () => {
    const before = callsTo('workflow.applicant.register');
    const answer = await harness.post(
      'workflow.applicant.register',
      '{"customerId":"C_lone+minimal\\ud800"}',
      { caller: 'bob' },
    );
    expect(answer.status).toBe(400);
    expect(answer.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY.*lone surrogate/);
    expect(callsTo('workflow.applicant.register')).toBe(before);
  });

  const particulars = (personData: string) =>
    harness.post(
      'workflow.kyc.particular.data',
      JSON.stringify({ executionId, callbackKey, referenceId: 'ref-bob-lone', personData }),
      { caller: 'bob' },
    );

  it('refuses one inside a JSON string field, and in a key', async () => {
    const before = callsTo('workflow.kyc.particular.data');
    const inValue = await particulars(
      '{"name":"Bob \\udc00","dateOfBirth":"1990-01-01","nationality":"GB"}',
    );
    expect(inValue.status).toBe(400);
    expect(inValue.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY.*lone surrogate/);
    const inKey = await particulars(
      '{"name":"Bob","dateOfBirth":"1990-01-01","nationality":"GB","\\ud83d":"x"}',
    );
    expect(inKey.status).toBe(400);
    expect(inKey.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY.*lone surrogate/);
    expect(callsTo('workflow.kyc.particular.data')).toBe(before);
  });

  it('still takes a surrogate pair, escaped or not (an emoji in a name)', async () => {
    const answer = await particulars(
      '{"name":"Bob \\ud83d\\ude00 😀","dateOfBirth":"1990-01-01","nationality":"GB"}',
    );
    expect(answer.status).toBe(200);
    expect(answer.envelope.apiCode).toBe(200);
  });
});
