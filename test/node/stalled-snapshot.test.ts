import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from '../../src/adapters/node/file-snapshot-store.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import { createGatewayClient } from '../../src/services/client.js';
import { envelope, FAKE_CREDENTIALS, fakeFetchGateway } from '../support/fake-fetch-gateway.js';
import { persistedFlow } from '../support/persisted-flow.js';

/**
 * A saved flow in a state that waits on one of its actors (a review polled by
 * `pollExecution`), edited by hand or written by a store of one's own that dropped that
 * actor: restored so, nothing would ever move it on, and the run would hang in silence.
 */
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-stalled-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const poll = {
  src: 'pollExecution',
  syncSnapshot: false,
  snapshot: { status: 'active', input: { executionId: 'exec-1', notBefore: 0, answered: [] } },
};

/** A flow at manual review saved under `k`, its actors as `children` says. */
async function savedAtReview(children: Record<string, unknown>) {
  const store = createFileSnapshotStore({ directory });
  await store.save('k', persistedFlow('ref-1'));
  const path = join(directory, 'k.json');
  const file = JSON.parse(await readFile(path, 'utf8'));
  const snapshot = file.persisted.snapshot;
  snapshot.value = { tracking: 'pendingReview' };
  Object.assign(snapshot.context, {
    customerId: 'C_1',
    executionId: 'exec-1',
    status: 'WAITING',
    node: { nodeId: 'n9', nodeType: 'flow_action_manual_review', callbackKey: 'cb-9' },
  });
  snapshot.children = children;
  await writeFile(path, JSON.stringify(file));
  return store;
}

/** Run from `store`: refused as corrupt, naming `named`, with no call sent (nor a hang). */
async function expectRefusedUnsent(
  store: Awaited<ReturnType<typeof savedAtReview>>,
  named: string,
) {
  const gateway = fakeFetchGateway(() => envelope({ executionId: 'exec-1', status: 'WAITING' }));
  const client = createGatewayClient({ ...FAKE_CREDENTIALS, fetch: gateway.fetch });
  const run = runHeadless({
    client,
    customer: { customerId: 'C_1', referenceId: 'ref-1' },
    responder: { respond: async () => [] },
    store,
    key: 'k',
  });
  const hung = new Promise((resolve) => setTimeout(resolve, 3000, 'still running after 3 s'));
  const error = await Promise.race([run.catch((caught: unknown) => caught), hung]);
  expect(error).toBeInstanceOf(SnapshotStoreError);
  expect((error as SnapshotStoreError).code).toBe('SNAPSHOT_CORRUPT');
  expect((error as Error).message).toContain(named);
  expect(gateway.calls).toEqual([]);
}

describe('a saved flow whose waiting state lacks the actor it waits on', () => {
  it('loads when the actor is there', async () => {
    const store = await savedAtReview({ pollExecution: poll });
    await expect(store.load('k')).resolves.toBeDefined();
  });

  it.each([
    ['missing', {}, 'children.pollExecution: missing'],
    ['over', { pollExecution: { ...poll, snapshot: { status: 'done' } } }, 'done, not active'],
    ['under another id', { other: poll }, 'children.pollExecution: missing'],
  ])('is refused when it is %s, naming it, before anything is sent', async (_, children, named) => {
    await expectRefusedUnsent(await savedAtReview(children), named);
  });

  // Restored so, the poll reads the status of no execution: the gateway refuses the read, and
  // the run stopped blaming the gateway (the CLI's exit 16) for what the file lost.
  it.each([
    ['no input at all', {}, 'children.pollExecution.snapshot.input.executionId'],
    ['no execution', { notBefore: 0, answered: [] }, 'snapshot.input.executionId'],
    ['an empty execution', { executionId: '', notBefore: 0 }, 'snapshot.input.executionId'],
    ['no deadline', { executionId: 'exec-1' }, 'snapshot.input.notBefore'],
  ])(
    'is refused when the actor has %s, naming the field, before anything is sent',
    async (_, input, named) => {
      const children = { pollExecution: { ...poll, snapshot: { status: 'active', input } } };
      await expectRefusedUnsent(await savedAtReview(children), named);
    },
  );
});
