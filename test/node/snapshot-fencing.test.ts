import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from '../../src/adapters/node/file-snapshot-store.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { SnapshotStore } from '../../src/adapters/node/snapshot-store.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import { persistedFlow } from '../support/persisted-flow.js';

/**
 * Saves fenced by revision, store by store: a save based on the revision the store holds
 * lands; one based on a revision another save replaced (or on a flow deleted since) is
 * refused, typed, and writes nothing.
 */

const flow = persistedFlow;

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-fencing-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const STORES: ReadonlyArray<readonly [string, () => SnapshotStore]> = [
  ['memory', () => createMemorySnapshotStore()],
  ['file', () => createFileSnapshotStore({ directory })],
];

describe.each(STORES)('the %s store, fenced by revision', (_, storeOf) => {
  it('takes a save based on the revision it holds, refuses one based on an older one', async () => {
    const store = storeOf();
    const key = `fenced-${Math.random()}`;
    await store.save(key, flow('a'), { onlyNew: true, revision: 'r1' });
    expect(await store.loadRevision?.(key)).toEqual({ persisted: flow('a'), revision: 'r1' });

    await store.save(key, flow('b'), { revision: 'r2', basedOn: 'r1' });
    const refused = await store
      .save(key, flow('c'), { revision: 'r3', basedOn: 'r1' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SnapshotStoreError);
    expect(refused).toMatchObject({ code: 'SNAPSHOT_OWNER', key });
    expect(await store.loadRevision?.(key)).toEqual({ persisted: flow('b'), revision: 'r2' });

    // A plain save still writes, as a new revision: a save based on r2 is refused after it.
    await store.save(key, flow('d'));
    const after = await store.loadRevision?.(key);
    expect(after?.revision).not.toBe('r2');
    await expect(store.save(key, flow('e'), { basedOn: 'r2' })).rejects.toMatchObject({
      code: 'SNAPSHOT_OWNER',
    });

    // Deleted since it was read: not brought back.
    await store.delete(key);
    await expect(
      store.save(key, flow('f'), { basedOn: String(after?.revision) }),
    ).rejects.toMatchObject({ code: 'SNAPSHOT_OWNER' });
    await expect(store.load(key)).resolves.toBeUndefined();
  });
});

describe('the file store', () => {
  it('waits for a guard another writer holds, then saves; leaves no guard behind', async () => {
    const own = await mkdtemp(join(directory, 'guard-'));
    const store = createFileSnapshotStore({ directory: own });
    await store.save('k', flow('a'), { revision: 'r1' });
    const [file] = await readdir(own);
    const guard = join(own, `${String(file)}.guard`);
    await writeFile(guard, '');
    let saved = false;
    const saving = store.save('k', flow('b'), { revision: 'r2', basedOn: 'r1' }).then(() => {
      saved = true;
    });
    await new Promise((done) => setTimeout(done, 100));
    expect(saved).toBe(false);
    await rm(guard);
    await saving;
    expect(await store.loadRevision?.('k')).toEqual({ persisted: flow('b'), revision: 'r2' });
    expect(await readdir(own)).toEqual([file]);
  });
});
