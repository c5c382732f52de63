import { basename, dirname, resolve } from 'node:path';
import { createFileSnapshotStore } from '../file-snapshot-store.js';
import type { PersistedFlow, SnapshotStore } from '../snapshot-store.js';
import { SnapshotStoreError } from '../snapshot-store-error.js';
import { lockStateFile } from './state-lock.js';
import { UsageError } from './usage-error.js';

/** The name of the one flow a state file holds. */
const STATE_KEY = 'kyc-flow run';

/** The execution a saved flow follows (the file store checked the snapshot's shape). */
const executionIdOf = (persisted: PersistedFlow): string | undefined => {
  const { context } = persisted.snapshot as { context?: { executionId?: unknown } };
  return typeof context?.executionId === 'string' ? context.executionId : undefined;
};

/** What an earlier run's OCR read off the customer's document, if the saved flow holds it. */
const ocrResultOf = (persisted: PersistedFlow): unknown =>
  (persisted.snapshot as { context?: { ocr?: { result?: unknown } } }).context?.ocr?.result;

/** `--state-file`: the one flow it holds, checked before the run sends anything. */
export interface StateFile {
  readonly path: string;
  readonly store: SnapshotStore;
  readonly key: string;
  /** A flow was saved there when the run began (it resumes rather than starts). */
  readonly saved: boolean;
  /** The execution the saved flow follows, once the gateway started one. */
  readonly executionId: string | undefined;
  /** The OCR result the saved flow holds: personal data, kept out of output like the profile. */
  readonly ocrResult: unknown;
  /** Removes the file: the flow is over, and the customer's data need not stay on disk. */
  remove(): Promise<void>;
  /** Lets go of the file for the next run (see `state-lock.ts`). */
  release(): Promise<void>;
}

/**
 * Opens a state file, locked for this run, and reads it once, so that a damaged, forged or
 * unreadable file (or a FIFO, a device, a directory) is a usage error naming what is wrong,
 * before anything is sent. A missing file is a fresh start.
 */
export async function openStateFile(path: string): Promise<StateFile> {
  const store = createFileSnapshotStore({
    directory: dirname(resolve(path)),
    fileName: () => basename(path),
  });
  // Taken before the file is read: what another run is writing is not read half-done.
  const release = await lockStateFile(resolve(path));
  let persisted: PersistedFlow | undefined;
  try {
    persisted = await store.load(STATE_KEY);
  } catch (error) {
    await release();
    if (!(error instanceof SnapshotStoreError)) throw error;
    throw new UsageError(`--state-file: ${error.code}: ${error.message}`);
  }
  return {
    release,
    path,
    store,
    key: STATE_KEY,
    saved: persisted !== undefined,
    executionId: persisted && executionIdOf(persisted),
    ocrResult: persisted && ocrResultOf(persisted),
    remove: () => store.delete(STATE_KEY),
  };
}
