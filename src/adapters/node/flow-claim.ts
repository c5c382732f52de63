import { newRevision } from './snapshot-envelope.js';
import type { PersistedFlow, SnapshotStore } from './snapshot-store.js';

/** A flow a run is to resume, and the revision it holds in the store (fenced stores only). */
export interface LoadedFlow {
  readonly persisted: PersistedFlow;
  readonly revision?: string;
}

/** The flow saved under `key`, with its revision where the store fences saves. */
export async function loadFlow(store: SnapshotStore, key: string): Promise<LoadedFlow | undefined> {
  if (!store.loadRevision) {
    const persisted = await store.load(key);
    return persisted && { persisted };
  }
  return store.loadRevision(key);
}

/**
 * Makes the loaded flow this run's before it sends anything: saved again as a new revision,
 * only while the store still holds the one loaded. Of two runs resuming one flow at once,
 * one claims it; the other is refused (`SNAPSHOT_OWNER`, `flowMoved`), having sent nothing.
 * The revision the run's saves are then based on; `undefined` for a store without fencing.
 */
export async function claimFlow(
  store: SnapshotStore,
  key: string,
  loaded: LoadedFlow,
): Promise<string | undefined> {
  if (loaded.revision === undefined) return undefined;
  const revision = newRevision();
  await store.save(key, loaded.persisted, { revision, basedOn: loaded.revision });
  return revision;
}
