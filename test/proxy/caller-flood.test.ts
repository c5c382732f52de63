import { describe, expect, it } from 'vitest';
import { createGatewayProxy, createMemoryBindings } from '../../src/adapters/proxy/index.js';

const MINUTE = 60_000;

/**
 * A proxy whose memory store counts at most `maxCallers` callers a minute, on a clock the
 * test turns. Callers are named by a header; `customer` ones are signed in with a customer
 * of record, the others are anonymous (a phone opening a handoff link).
 */
const floodedProxy = (maxCallers: number, callsPerMinute = 5) => {
  let now = 10 * MINUTE;
  const proxy = createGatewayProxy({
    gatewayUrl: 'http://gateway.invalid/gateway',
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'domain',
    authorize: (request) => {
      const callerId = request.headers.get('x-caller') ?? '';
      return callerId.startsWith('user-')
        ? { callerId, customerId: `C_${callerId}` }
        : { callerId };
    },
    bindings: createMemoryBindings({ maxEntries: maxCallers, now: () => now }),
    quotas: { callsPerMinute },
    handoff: { now: () => now },
  });
  /** A handoff redeem with a token nobody made: no gateway call, refused as unknown. */
  const redeem = async (callerId: string) => {
    const answer = await proxy(
      new Request('http://proxy.test/api/kyc?api=handoff.redeem', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-caller': callerId },
        body: JSON.stringify({ token: 'A'.repeat(43) }),
      }),
    );
    const { apiMsg } = (await answer.json()) as { apiMsg: string };
    return /^PROXY_[A-Z_]+/.exec(apiMsg)?.[0];
  };
  return {
    redeem,
    nextMinute: () => {
      now += MINUTE;
    },
  };
};

describe('a flood of new callers, each calling once', () => {
  it('does not lock out a customer whose flow was calling, nor a new one, when the minute turns', async () => {
    const { redeem, nextMinute } = floodedProxy(8);
    expect(await redeem('user-alice')).toBe('PROXY_HANDOFF_REFUSED');
    nextMinute();
    // The flood comes first in the new minute: far more callers than the counter holds.
    for (let index = 0; index < 40; index += 1) await redeem(`anonymous:${index}`);
    expect(await redeem('user-alice')).toBe('PROXY_HANDOFF_REFUSED');
    expect(await redeem('user-carol')).toBe('PROXY_HANDOFF_REFUSED');
  });

  it('still holds each caller of the flood to its calls per minute', async () => {
    const { redeem } = floodedProxy(8, 5);
    for (let index = 0; index < 40; index += 1) await redeem(`anonymous:${index}`);
    const answers: Array<string | undefined> = [];
    for (let call = 0; call < 6; call += 1) answers.push(await redeem('anonymous:many'));
    expect(answers.slice(0, 5)).toEqual(Array(5).fill('PROXY_HANDOFF_REFUSED'));
    expect(answers[5]).toBe('PROXY_TOO_MANY_CALLS');
  });
});
