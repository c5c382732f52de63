import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { type RunHeadlessOptions, runHeadless } from '../../src/adapters/node/run-headless.js';
import { CONTRACT_READS } from '../../src/machine/guards.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import { startEndlessGateway } from '../support/endless-gateway.js';
import { freePort } from '../support/free-port.js';

/**
 * The headless runner at the new stops: a flow that needs attention (contract broken,
 * credentials refused) and a node type nobody here answers. Each is saved and resumable.
 */

const SPEED = 25;
let profile: CustomerProfile;
const open: Sandbox[] = [];
beforeAll(async () => {
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((box) => box.close()));
});

const sandboxWith = async (options: SandboxOptions) => {
  const box = await startSandbox({ speed: SPEED, ...options });
  open.push(box);
  return box;
};

/** A storage host on loopback answering every upload with `answer`, counting them. */
async function storageAnswering(answer: (response: ServerResponse) => void) {
  let uploads = 0;
  const server = createServer((request, response) => {
    request.resume();
    uploads += 1;
    answer(response);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    uploads: () => uploads,
    close: () => server.close(),
  };
}

let customers = 0;
function run(
  box: Sandbox,
  extra: Partial<RunHeadlessOptions> = {},
  secret?: string,
  storageUrl = box.storageUrl,
) {
  customers += 1;
  const client = createGatewayClient({
    gatewayUrl: box.gatewayUrl,
    storageUrl,
    ...box.credentials,
    ...(secret && { apiSecret: secret }),
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return {
    client,
    customer: { customerId: `C_attention_${customers}`, email: `a${customers}@example.com` },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    ...extra,
  } satisfies RunHeadlessOptions;
}

describe('runHeadless where the flow cannot go on by itself', () => {
  it('resolves needsAttention (contract broken), saved; a later run retries and finishes once fixed', async () => {
    const box = await sandboxWith({ dialect: 'broken', scenario: 'minimal' });
    const store = createMemorySnapshotStore();
    const first = run(box, { store, key: 'broken-1' });
    const stopped = await runHeadless(first);
    expect(stopped).toMatchObject({
      status: 'needsAttention',
      executionId: expect.any(String),
      error: { code: 'CONTRACT_BROKEN', method: 'workflow.execution.status', field: 'status' },
    });
    expect(store.keys()).toEqual(['broken-1']);

    box.setDialect('standard');
    const resumed = await runHeadless({ ...first, store, key: 'broken-1' });
    expect(resumed).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    expect(box.stats().starts).toBe(1);
  });

  it('resolves needsAttention (credentials refused), not FAILED: a wrong secret is no verdict', async () => {
    const box = await sandboxWith({ scenario: 'minimal' });
    const store = createMemorySnapshotStore();
    const wrong = run(box, { store, key: 'secret-1' }, 'sk_wrong');
    await expect(runHeadless(wrong)).resolves.toMatchObject({
      status: 'needsAttention',
      error: { code: 'CREDENTIALS_REFUSED', apiCode: 999001 },
    });
    // The host fixes its configuration and runs again: it carries on from the saved flow.
    const fixed = run(box, { store, key: 'secret-1' });
    await expect(runHeadless({ ...fixed, customer: wrong.customer })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(box.stats().registrations).toBe(1);
  });

  it('resolves unknownNode with the raw node, saved; a later run picks up where it moved on to', async () => {
    const scenario = {
      name: 'video-call',
      steps: ['particulars', 'flow_action_video_call'],
      outcome: 'APPROVED' as const,
    };
    const box = await sandboxWith({ dialect: 'deviant', scenarios: [scenario], scenario });
    const store = createMemorySnapshotStore();
    const first = run(box, { store, key: 'unknown-1' });
    const stopped = await runHeadless(first);
    expect(stopped).toMatchObject({
      status: 'unknownNode',
      executionId: expect.any(String),
      node: { nodeType: 'flow_action_video_call', vendorTrace: 'sandbox-deviant' },
    });
    box.admin.decideReview(stopped.executionId ?? '', 'APPROVED');
    await expect(runHeadless({ ...first, store, key: 'unknown-1' })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
  });

  it('resolves needsAttention when storage answers a page instead of an envelope; resumes once fixed', async () => {
    const box = await sandboxWith({ scenario: 'minimal' });
    // A storage host behind a proxy that serves its maintenance page with 200.
    const maintenance = await storageAnswering((response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'),
    );
    const store = createMemorySnapshotStore();
    const first = run(box, { store, key: 'storage-page' }, undefined, maintenance.url);
    try {
      await expect(runHeadless(first)).resolves.toMatchObject({
        status: 'needsAttention',
        executionId: expect.any(String),
        error: { code: 'CONTRACT_BROKEN', method: 'storage.upload' },
      });
    } finally {
      maintenance.close();
    }
    // The client sent the upload again before it gave up (limit 2: three attempts).
    expect(maintenance.uploads()).toBe(3);
    expect(store.keys()).toEqual(['storage-page']);
    const fixed = run(box, { store, key: 'storage-page' });
    await expect(runHeadless({ ...fixed, customer: first.customer })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(box.stats()).toMatchObject({ registrations: 1, starts: 1 });
    expect(Object.values(box.stats().effects).every((count) => count === 1)).toBe(true);
  });

  it('rejects with the profile at fault when storage refuses the file itself, sent once, saved; resumes with another', async () => {
    const box = await sandboxWith({ scenario: 'minimal' });
    // A storage service that takes no file this large: a refusal in its envelope, not trouble.
    const strict = await storageAnswering((response) =>
      response
        .writeHead(413, { 'content-type': 'application/json' })
        .end(JSON.stringify({ apiCode: 413, apiMsg: 'Payload Too Large', data: null })),
    );
    const store = createMemorySnapshotStore();
    const first = run(box, { store, key: 'storage-refuses' }, undefined, strict.url);
    try {
      const refused = await runHeadless(first).catch((error: unknown) => error);
      expect(refused).toMatchObject({
        name: 'ResponderError',
        code: 'RESPONDER_CANNOT_ANSWER',
        nodeType: 'flow_action_liveness_test',
        field: 'selfie.png',
      });
      expect(String(refused)).toMatch(/storage refused the file \(.*Payload Too Large\)/);
    } finally {
      strict.close();
    }
    // Refused, not failing: not sent again, and no liveness answer without its selfie.
    expect(strict.uploads()).toBe(1);
    expect(box.stats().calls['workflow.kyc.liveness.data'] ?? 0).toBe(0);
    expect(store.keys()).toEqual(['storage-refuses']);
    const fixed = run(box, { store, key: 'storage-refuses' });
    await expect(runHeadless({ ...fixed, customer: first.customer })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(box.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });

  it('resolves needsAttention when status reads answer without end, holding none of it; resumes once fixed', async () => {
    const box = await sandboxWith({ scenario: 'minimal' });
    // A gateway (or something before it) that streams a status read and never ends it.
    const endless = await startEndlessGateway();
    let broken = true;
    const maxAnswerBytes = 64 * 1024;
    const first = run(box, { store: createMemorySnapshotStore(), key: 'endless' });
    const client = createGatewayClient({
      gatewayUrl: box.gatewayUrl,
      storageUrl: box.storageUrl,
      ...box.credentials,
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
      maxAnswerBytes,
      fetch: (input, init) => {
        const url = String(input);
        return broken && url.includes('api=workflow.execution.status')
          ? fetch(url.replace(box.gatewayUrl, endless.url), init)
          : fetch(input, init);
      },
    });
    try {
      await expect(runHeadless({ ...first, client })).resolves.toMatchObject({
        status: 'needsAttention',
        executionId: expect.any(String),
        error: { code: 'CONTRACT_BROKEN', method: 'workflow.execution.status' },
      });
    } finally {
      await endless.close();
    }
    // Read again a few times, as any answer nobody can read, each let go soon after the limit.
    expect(endless.reads()).toBe(CONTRACT_READS);
    expect(endless.sent()).toBeLessThan(CONTRACT_READS * 64 * maxAnswerBytes);
    broken = false;
    await expect(runHeadless({ ...first, client })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(box.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });

  it('never takes a status answer about another execution for its own: needsAttention, not its outcome', async () => {
    const box = await sandboxWith({ scenario: 'minimal' });
    // A cache on the way that answers status reads with another customer's finished execution.
    let mixedUp = true;
    const client = createGatewayClient({
      gatewayUrl: box.gatewayUrl,
      storageUrl: box.storageUrl,
      ...box.credentials,
      retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        if (!mixedUp || !String(input).includes('api=workflow.execution.status')) return answer;
        const data = {
          executionId: 'exec-someone-else',
          status: 'COMPLETED',
          result: { decision: 'REJECTED' },
        };
        return new Response(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    const first = run(box, { store: createMemorySnapshotStore(), key: 'mixed-up' });
    await expect(runHeadless({ ...first, client })).resolves.toMatchObject({
      status: 'needsAttention',
      error: { code: 'CONTRACT_BROKEN', method: 'workflow.execution.status', field: 'executionId' },
    });
    mixedUp = false;
    await expect(runHeadless({ ...first, client })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(box.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });

  it('resolves suspended when storage stays unreachable, saved; a later run uploads and finishes', async () => {
    const box = await sandboxWith({ scenario: 'minimal' });
    const store = createMemorySnapshotStore();
    const closed = `http://127.0.0.1:${await freePort()}/storage`;
    const first = run(box, { store, key: 'storage-down' }, undefined, closed);
    const stopped = await runHeadless(first);
    expect(stopped).toMatchObject({
      status: 'suspended',
      executionId: expect.any(String),
      error: { code: 'TRANSPORT_ERROR', retryable: true },
    });
    expect(store.keys()).toEqual(['storage-down']);
    const fixed = run(box, { store, key: 'storage-down' });
    await expect(runHeadless({ ...fixed, customer: first.customer })).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(box.stats()).toMatchObject({ registrations: 1, starts: 1 });
  });
});
