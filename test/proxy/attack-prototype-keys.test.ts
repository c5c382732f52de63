import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../src/services/index.js';
import { type ProxyHarness, startedAtFirstNode, startProxyHarness } from './harness.js';

/**
 * Keys that, merged into an object by a JavaScript reader (a gateway or a logger behind the
 * proxy that copies what it parsed), change every object's prototype: `__proto__`, and
 * `prototype` under `constructor`. The contract's loose records (the customer's
 * `personData`, the host's `formData` and `extraData`) pass unknown keys through, and a
 * kept flow is any snapshot a page saved, so the key check must see them there too.
 */
describe('attack: prototype-polluting keys in bodies', () => {
  let harness: ProxyHarness;
  let executionId: string;
  let callbackKey: string;
  const callsTo = (method: string) => harness.sandbox.stats().calls[method] ?? 0;

  beforeAll(async () => {
    harness = await startProxyHarness();
    const started = await startedAtFirstNode(harness.client('alice'), 'C_proto+minimal');
    executionId = started.executionId;
    expect(started.node?.nodeType).toBe(NODE_TYPES.particulars);
    callbackKey = started.node?.callbackKey ?? '';
  });
  afterAll(() => harness.close());

  const particulars = (personData: string) =>
    harness.post(
      'workflow.kyc.particular.data',
      JSON.stringify({ executionId, callbackKey, referenceId: 'ref-proto', personData }),
      { caller: 'alice' },
    );
  const person = '"name":"Alice","dateOfBirth":"1990-01-01","nationality":"GB"';

  it.each([
    ['__proto__ in the customer’s personData', `{${person},"__proto__":{"isAdmin":true}}`],
    ['__proto__ written with an escape', `{${person},"\\u005f_proto__":{"isAdmin":true}}`],
    ['constructor.prototype', `{${person},"occupation":{"constructor":{"prototype":{"x":1}}}}`],
  ])('refuses %s before the gateway hears of it', async (_, personData) => {
    const before = callsTo('workflow.kyc.particular.data');
    const answer = await particulars(personData);
    expect(answer.status).toBe(400);
    expect(answer.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY.*prototype/);
    expect(callsTo('workflow.kyc.particular.data')).toBe(before);
  });

  it('refuses a kept flow that carries one, and keeps nothing', async () => {
    const body = `{"executionId":"${executionId}","snapshot":{"version":1,"snapshot":{"status":"active","value":"verifying","context":{"executionId":"${executionId}","__proto__":{"polluted":true}}}}}`;
    const saved = await harness.post('flow.save', body, { caller: 'alice' });
    expect(saved.status).toBe(400);
    expect(saved.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY/);
  });

  it('still takes the words themselves as values, and a constructor that is no object', async () => {
    const answer = await particulars(
      `{${person},"address":"__proto__ street","occupation":{"constructor":"Bob","prototype":"a model"}}`,
    );
    expect(answer.status).toBe(200);
  });
});
