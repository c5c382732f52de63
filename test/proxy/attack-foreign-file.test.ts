import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGatewayProxy,
  createMemoryBindings,
  createRedisBindings,
  type ExecutionBindings,
} from '../../src/adapters/proxy/index.js';
import { NODE_TYPES } from '../../src/services/index.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';
import {
  type CallerName,
  type ProxyHarness,
  pollUntil,
  startedAtFirstNode,
  startProxyHarness,
} from './harness.js';
import { SAMPLES } from './samples.js';

const PERSON = JSON.stringify({
  name: 'Eve Example',
  dateOfBirth: '1990-01-15',
  nationality: 'SG',
});

/**
 * A caller who learnt the address of another customer's upload (`s3://…/<their execution>/…`,
 * from a log, a shared screen, a guess) names it in a submission of her own execution, which
 * the proxy lets her act on: her verification would then carry that customer's selfie or ID.
 * The proxy must not leave it to the gateway to see that the file is not this execution's.
 */
const attackWith = (name: string, bindings: () => ExecutionBindings) =>
  describe(`attack: another execution's file in one's own submission (${name})`, () => {
    let harness: ProxyHarness;
    beforeAll(async () => {
      harness = await startProxyHarness({ proxy: { bindings: bindings() } });
    });
    afterAll(() => harness.close());

    const atLiveness = async (caller: CallerName, tag = '') => {
      const client = harness.client(caller);
      const started = await startedAtFirstNode(client, `C_file_${caller}${tag}_${name}+minimal`);
      const { executionId } = started;
      await client.submitParticulars({
        executionId,
        callbackKey: started.node?.callbackKey ?? '',
        referenceId: `ref-${caller}`,
        personData: JSON.parse(PERSON),
      });
      const state = await pollUntil(
        client,
        executionId,
        (s) => s.currentNode?.nodeType === NODE_TYPES.liveness,
      );
      return { executionId, callbackKey: state.currentNode?.callbackKey ?? '' };
    };
    const upload = (caller: CallerName, executionId: string) =>
      harness.client(caller).upload({
        file: new Blob([SAMPLES.jpeg], { type: 'image/jpeg' }),
        filename: 'selfie.jpg',
        executionId,
      });
    const liveness = (
      caller: CallerName,
      node: { executionId: string; callbackKey: string },
      url: string,
      more: Record<string, string> = {},
    ) =>
      harness.post(
        'workflow.kyc.liveness.data',
        JSON.stringify({
          ...node,
          referenceId: `ref-${caller}`,
          provider: 'SELF',
          status: 'PASS',
          scores: JSON.stringify({ qualityScore: 1 }),
          images: JSON.stringify({ faceFull: url, ...more }),
        }),
        { caller },
      );
    const forwardedWith = (url: string) =>
      harness.forwarded.filter((call) => call.body.includes(url));

    it("refuses another execution's upload, or an address no upload answered, before the gateway hears of it", async () => {
      const alice = await atLiveness('alice');
      const bob = await atLiveness('bob');
      const bobs = (await upload('bob', bob.executionId)).url;
      // An address spelled as this execution's own, that no upload answered (a guess).
      const guessed = `s3://workflow-kyc/${alice.executionId}/selfie-guessed.jpg`;

      for (const url of [bobs, guessed]) {
        const refused = await liveness('alice', alice, url);
        expect(refused).toMatchObject({
          status: 400,
          envelope: {
            apiCode: 999301,
            apiMsg: expect.stringMatching(/^PROXY_INVALID_BODY.*images\.faceFull/),
            validation: { issues: [expect.objectContaining({ field: 'images.faceFull' })] },
          },
        });
        // Names the field, never the address.
        expect(JSON.stringify(refused.envelope)).not.toContain(url);
        expect(forwardedWith(url).filter((call) => !call.url.includes('/storage'))).toEqual([]);
      }

      // Her own upload goes through, and a repeat of that answer too; bob's own still does.
      const own = (await upload('alice', alice.executionId)).url;
      expect((await liveness('alice', alice, own)).status).toBe(200);
      expect((await liveness('alice', alice, own)).status).toBe(200);
      expect((await liveness('bob', bob, bobs)).status).toBe(200);
    });

    it("refuses another execution's upload under an image name the contract does not know", async () => {
      const alice = await atLiveness('alice', '_more');
      const bob = await atLiveness('bob', '_more');
      const bobs = (await upload('bob', bob.executionId)).url;
      const own = (await upload('alice', alice.executionId)).url;
      const refused = await liveness('alice', alice, own, { faceLeft: bobs });
      expect(refused).toMatchObject({
        status: 400,
        envelope: {
          validation: { issues: [expect.objectContaining({ field: 'images.faceLeft' })] },
        },
      });
      expect(JSON.stringify(refused.envelope)).not.toContain(bobs);
      expect(forwardedWith(bobs).filter((call) => !call.url.includes('/storage'))).toEqual([]);
      // Another image of her own under that name goes through.
      const second = (await upload('alice', alice.executionId)).url;
      expect((await liveness('alice', alice, own, { faceLeft: second })).status).toBe(200);
    });
  });

attackWith('memory store', () => createMemoryBindings());

describeWithRedis('on a real redis-server', () => {
  const redis = useRedisServer();
  attackWith('redis store', () => createRedisBindings(redis.client, { prefix: 'foreign-file:' }));
});

describe("a page whose files are not the proxy's uploads (uploads.fileAddresses: 'any')", () => {
  it('leaves their addresses to the gateway, and refuses a setting it does not know', async () => {
    const harness = await startProxyHarness({ proxy: { uploads: { fileAddresses: 'any' } } });
    try {
      const client = harness.client('alice');
      const started = await startedAtFirstNode(client, 'C_file_any+minimal');
      const { executionId } = started;
      await client.submitParticulars({
        executionId,
        callbackKey: started.node?.callbackKey ?? '',
        referenceId: 'ref-any',
        personData: JSON.parse(PERSON),
      });
      const state = await pollUntil(
        client,
        executionId,
        (s) => s.currentNode?.nodeType === NODE_TYPES.liveness,
      );
      await expect(
        client.submitLiveness({
          executionId,
          callbackKey: state.currentNode?.callbackKey ?? '',
          referenceId: 'ref-any',
          provider: 'SELF',
          status: 'PASS',
          scores: { qualityScore: 1 },
          images: { faceFull: 's3://liveness-sdk/selfie-1.jpg' },
        }),
      ).resolves.toBeDefined();
    } finally {
      await harness.close();
    }
    expect(() =>
      createGatewayProxy({
        gatewayUrl: 'http://127.0.0.1:9/gateway',
        apiKey: 'ak_test',
        apiSecret: 'sk_test',
        domainId: 'dom_test',
        authorize: () => null,
        uploads: { fileAddresses: 'all' as 'any' },
      }),
    ).toThrow(/uploads\.fileAddresses/);
  });
});
