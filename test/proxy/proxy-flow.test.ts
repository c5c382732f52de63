import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBindings } from '../../src/adapters/proxy/index.js';
import { createHmacSigner, NODE_TYPES } from '../../src/services/index.js';
import { leaksIn, type ProxyHarness, pollUntil, startProxyHarness } from './harness.js';
import { SAMPLES } from './samples.js';

describe('a browser flow through the signing proxy', () => {
  let harness: ProxyHarness;
  beforeAll(async () => {
    harness = await startProxyHarness();
  });
  afterAll(() => harness.close());

  it('registers, starts, uploads, submits and polls to the outcome, holding no credentials', async () => {
    const client = harness.client('alice');
    const { customerId = 'C_alice+minimal' } = await client.register({
      customerId: 'C_alice+minimal',
    });
    const { executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-alice-1' },
    });

    let state = await pollUntil(client, executionId, (s) => s.status === 'WAITING');
    expect(state.currentNode?.nodeType).toBe(NODE_TYPES.particulars);
    const node = () => ({
      executionId,
      callbackKey: state.currentNode?.callbackKey ?? '',
      referenceId: 'ref-alice-1',
    });
    await client.submitParticulars({
      ...node(),
      personData: { name: 'Alice Example', dateOfBirth: '1990-01-15', nationality: 'SG' },
    });

    state = await pollUntil(
      client,
      executionId,
      (s) => s.currentNode?.nodeType === NODE_TYPES.liveness,
    );
    const selfie = await client.upload({
      file: new Blob([SAMPLES.jpeg], { type: 'image/jpeg' }),
      filename: 'selfie.jpg',
      executionId,
    });
    expect(selfie.url).toMatch(new RegExp(`^s3://workflow-kyc/${executionId}/`));
    await client.submitLiveness({
      ...node(),
      provider: 'SELF',
      status: 'PASS',
      scores: { qualityScore: 1 },
      images: { faceFull: selfie.url },
    });

    state = await pollUntil(client, executionId, (s) => s.status === 'COMPLETED');
    expect(state.result?.decision).toBe('APPROVED');
    expect(harness.sandbox.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });

  it('sent the proxy no apiKey, no signature and no domain: the browser holds none of them', () => {
    expect(harness.received.length).toBeGreaterThan(5);
    for (const { url, headers } of harness.received) {
      const params = [...new URL(url).searchParams.keys()];
      expect(params).toEqual(['api']);
      expect(headers.get('x-domain')).toBeNull();
      expect(headers.get('authorization')).toBe('Bearer token-alice');
    }
  });

  it('forwarded the exact bytes it received, signed with the secret, with the credentials', async () => {
    // Spacing and key order a re-serialisation would change.
    const text = '{ "customerId" :"C_alice+minimal",  "email":"alice@example.com" }';
    const { status, envelope } = await harness.post('workflow.applicant.register', text, {
      caller: 'alice',
    });
    expect([status, envelope.apiCode]).toEqual([200, 200]);

    const sent = harness.forwarded.at(-1);
    const { apiKey, apiSecret, domainId } = harness.sandbox.credentials;
    expect(sent?.body).toBe(text);
    const url = new URL(sent?.url ?? '');
    expect(url.searchParams.get('api')).toBe('workflow.applicant.register');
    expect(url.searchParams.get('apiKey')).toBe(apiKey);
    expect(url.searchParams.get('sign')).toBe(await createHmacSigner(apiSecret)(text));
    expect(sent?.headers.get('x-domain')).toBe(domainId);
  });

  it('answered nothing secret', () => {
    expect(leaksIn(harness.answers, harness.sandbox)).toEqual([]);
  });
});

describe('execution bindings shared between proxy instances', () => {
  it('lets a second instance serve an execution the first one started, when they share a store', async () => {
    const shared = createMemoryBindings();
    const first = await startProxyHarness({ proxy: { bindings: shared } });
    const second = await startProxyHarness({
      upstream: first.sandbox,
      proxy: { bindings: shared },
    });
    const alone = await startProxyHarness({ upstream: first.sandbox });
    try {
      const { customerId = 'C_shared' } = await first
        .client('alice')
        .register({ customerId: 'C_shared' });
      const { executionId } = await first.client('alice').startWorkflow({
        eventType: 'KYC_EVENT',
        source: 'WEB',
        data: { customerId, referenceId: 'ref-shared' },
      });

      const seen = await second.client('alice').getExecution({ executionId });
      expect(seen.executionId).toBe(executionId);
      await expect(second.client('bob').getExecution({ executionId })).rejects.toMatchObject({
        apiCode: 999303,
      });
      // An instance that does not share the store knows no owner, so it serves nobody.
      await expect(alone.client('alice').getExecution({ executionId })).rejects.toMatchObject({
        apiCode: 999303,
      });
    } finally {
      await alone.close();
      await second.close();
      await first.close();
    }
  });
});
