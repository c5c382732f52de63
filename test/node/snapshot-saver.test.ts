import { describe, expect, it } from 'vitest';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import { SnapshotSaver } from '../../src/adapters/node/snapshot-saver.js';
import type { PersistedFlow, SnapshotStore } from '../../src/adapters/node/snapshot-store.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';

/** A store whose writes end when the test says so. */
function heldStore() {
  const writes: Array<{ persisted: PersistedFlow; done: () => void; fail: (e: Error) => void }> =
    [];
  const store: SnapshotStore = {
    load: async () => undefined,
    save: (_key, persisted) =>
      new Promise<void>((resolve, reject) => {
        writes.push({ persisted, done: resolve, fail: reject });
      }),
    delete: async () => undefined,
  };
  return { store, writes };
}

const flowAt = (step: number): PersistedFlow => ({ version: 1, snapshot: { step } });
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SnapshotSaver', () => {
  it('keeps one write in flight; changes made meanwhile coalesce into one write of the newest', async () => {
    const { store, writes } = heldStore();
    let step = 1;
    const saver = new SnapshotSaver({ store, key: 'k', read: () => flowAt(step) });

    const first = saver.save();
    step = 2;
    const second = saver.save();
    step = 3;
    const third = saver.save();
    await settle();
    expect(writes).toHaveLength(1);

    writes[0]?.done();
    await settle();
    expect(writes.map((write) => write.persisted)).toEqual([flowAt(1), flowAt(3)]);
    writes[1]?.done();
    await Promise.all([first, second, third]);
    expect(writes).toHaveLength(2);
  });

  it('resolves only once the flow as it was at the call is in the store', async () => {
    const { store, writes } = heldStore();
    const saver = new SnapshotSaver({ store, key: 'k', read: () => flowAt(1) });
    let saved = false;
    const saving = saver.save().then(() => {
      saved = true;
    });
    await settle();
    expect(saved).toBe(false);
    writes[0]?.done();
    await saving;
    expect(saved).toBe(true);
  });

  it('does not write a snapshot equal to the one last written, and tells each write', async () => {
    const { store, writes } = heldStore();
    let step = 1;
    let told = 0;
    const saver = new SnapshotSaver({
      store,
      key: 'k',
      read: () => flowAt(step),
      onSaved: () => {
        told += 1;
      },
    });
    const first = saver.save();
    await settle();
    writes[0]?.done();
    await first;
    await saver.save();
    expect(writes).toHaveLength(1);
    step = 2;
    const changed = saver.save();
    await settle();
    writes[1]?.done();
    await changed;
    expect(writes).toHaveLength(2);
    expect(told).toBe(2);
  });

  it('rejects when the store fails, and writes again on the next save', async () => {
    const { store, writes } = heldStore();
    const saver = new SnapshotSaver({ store, key: 'k', read: () => flowAt(1) });
    const failing = saver.save();
    await settle();
    writes[0]?.fail(new Error('disk full'));
    await expect(failing).rejects.toThrow('disk full');

    const retry = saver.save();
    await settle();
    expect(writes).toHaveLength(2);
    writes[1]?.done();
    await expect(retry).resolves.toBeUndefined();
  });

  it('begins a new flow with an onlyNew save: refused where another run saved it first, then and after', async () => {
    const memory = createMemorySnapshotStore();
    await memory.save('k', flowAt(7));
    let step = 1;
    const saver = new SnapshotSaver({
      store: memory,
      key: 'k',
      read: () => flowAt(step),
      fresh: true,
    });
    const refused = await saver.save().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SnapshotStoreError);
    expect(refused).toMatchObject({ code: 'SNAPSHOT_OWNER', key: 'k', retryable: false });
    expect(String(refused)).toMatch(/another run began this flow/);
    // The run that lost stops and saves what it has: still not over the other run's flow.
    step = 2;
    await expect(saver.save()).rejects.toMatchObject({ code: 'SNAPSHOT_OWNER' });
    await expect(memory.load('k')).resolves.toEqual(flowAt(7));
  });

  it('writes a new flow once it was begun, and every change after it', async () => {
    const memory = createMemorySnapshotStore();
    let step = 1;
    const saver = new SnapshotSaver({
      store: memory,
      key: 'k',
      read: () => flowAt(step),
      fresh: true,
    });
    await saver.save();
    step = 2;
    await saver.save();
    await expect(memory.load('k')).resolves.toEqual(flowAt(2));
  });
});
