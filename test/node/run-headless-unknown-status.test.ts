import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import type { HeadlessEvent } from '../../src/adapters/node/run-events.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import { UNKNOWN_STATUS } from '../../src/adapters/node/unknown-status.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';

/**
 * A status the guide does not list (`COMPLETE` for COMPLETED, say) is polled like RUNNING,
 * since the flow cannot know what it means; a run in Node does not read it for ever.
 */
const SPEED = 25;
let profile: CustomerProfile;
let box: Sandbox;
beforeAll(async () => {
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
  box = await startSandbox({ speed: SPEED, scenario: 'minimal' });
});
afterAll(() => box.close());

/** Node's fetch, with every status answer's execution status spelled `word` while `spell()`. */
const respelling =
  (word: string | number, spell: () => boolean): typeof globalThis.fetch =>
  async (input, init) => {
    const answer = await fetch(input, init);
    if (!spell() || !String(input).includes('api=workflow.execution.status')) return answer;
    const text = (await answer.text()).replace(
      /"status":"(CREATED|RUNNING|WAITING|COMPLETED)"/,
      `"status":${JSON.stringify(word)}`,
    );
    return new Response(text, {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };

describe('a run whose execution shows a status the guide does not list', () => {
  it('stops after maxUnknownStatusMs, saved, naming the word; a later run carries on', async () => {
    let spelling = true;
    let statusReads = 0;
    const spelled = respelling('COMPLETE', () => spelling);
    const client = createGatewayClient({
      gatewayUrl: box.gatewayUrl,
      storageUrl: box.storageUrl,
      ...box.credentials,
      fetch: (input, init) => {
        if (String(input).includes('api=workflow.execution.status')) statusReads += 1;
        return spelled(input, init);
      },
    });
    const store = createMemorySnapshotStore();
    const events: string[] = [];
    const options = {
      client,
      store,
      customer: { customerId: 'C_unknown_status', email: 'u@example.com' },
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
      onEvent: (event: HeadlessEvent) => {
        if (event.type === 'flow') events.push(event.event.type);
      },
    };
    const stopped = await runHeadless({ ...options, maxUnknownStatusMs: 400 });
    expect(stopped).toMatchObject({
      status: 'needsAttention',
      executionId: expect.any(String),
      error: { code: UNKNOWN_STATUS, message: expect.stringContaining('COMPLETE') },
    });
    expect(events.filter((type) => type === 'unknownStatus')).toHaveLength(1);
    const readsWhenStopped = statusReads;
    expect(readsWhenStopped).toBeGreaterThan(1);
    await new Promise((settle) => setTimeout(settle, 300));
    expect(statusReads).toBe(readsWhenStopped);

    // The gateway speaks the guide's words again: the saved flow carries on, same execution.
    spelling = false;
    const finished = await runHeadless(options);
    expect(finished).toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
      executionId: stopped.executionId,
    });
  });
});

it('shows an empty status as one, quoted, in the message the host reads', async () => {
  const client = createGatewayClient({
    gatewayUrl: box.gatewayUrl,
    storageUrl: box.storageUrl,
    ...box.credentials,
    fetch: respelling('', () => true),
  });
  const stopped = await runHeadless({
    client,
    customer: { customerId: 'C_empty_status', email: 'empty@example.com' },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    maxUnknownStatusMs: 200,
  });
  expect(stopped).toMatchObject({
    status: 'needsAttention',
    error: { code: UNKNOWN_STATUS, message: expect.stringContaining('status has been "" for') },
  });
});

describe('a run whose execution shows WAITING with no node', () => {
  it('stops after maxUnknownStatusMs, saved, saying so; a later run carries on', async () => {
    let hiding = true;
    // Node's fetch, with the status answer's node taken out while `hiding`.
    const client = createGatewayClient({
      gatewayUrl: box.gatewayUrl,
      storageUrl: box.storageUrl,
      ...box.credentials,
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        if (!hiding || !String(input).includes('api=workflow.execution.status')) return answer;
        const envelope = (await answer.json()) as { data: Record<string, unknown> };
        const { currentNode: _hidden, ...data } = envelope.data;
        const status =
          data.status === 'RUNNING' || data.status === 'CREATED' ? 'WAITING' : data.status;
        return Response.json({ ...envelope, data: { ...data, status } });
      },
    });
    const store = createMemorySnapshotStore();
    const options = {
      client,
      store,
      customer: { customerId: 'C_nodeless', email: 'nodeless@example.com' },
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
    };
    const stopped = await runHeadless({ ...options, maxUnknownStatusMs: 400 });
    expect(stopped).toMatchObject({
      status: 'needsAttention',
      executionId: expect.any(String),
      error: {
        code: UNKNOWN_STATUS,
        message: expect.stringContaining('WAITING with no currentNode'),
      },
    });
    hiding = false;
    const finished = await runHeadless(options);
    expect(finished).toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
      executionId: stopped.executionId,
    });
  });
});

it('reads a status sent as a number (an ordinal) as a word the guide does not list, and names it', async () => {
  const client = createGatewayClient({
    gatewayUrl: box.gatewayUrl,
    storageUrl: box.storageUrl,
    ...box.credentials,
    fetch: respelling(3, () => true),
  });
  const told: unknown[] = [];
  const stopped = await runHeadless({
    client,
    customer: { customerId: 'C_number_status', email: 'number@example.com' },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    maxUnknownStatusMs: 200,
    onEvent: (event) => {
      if (event.type === 'flow' && event.event.type === 'unknownStatus') told.push(event.event);
    },
  });
  // Not CONTRACT_BROKEN after three reads: a word of the gateway's the host sees, as it came.
  expect(stopped).toMatchObject({
    status: 'needsAttention',
    error: { code: UNKNOWN_STATUS, message: expect.stringContaining('status has been "3" for') },
  });
  expect(told).toEqual([{ type: 'unknownStatus', status: '3' }]);
});
