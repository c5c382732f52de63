import { basename, dirname, resolve } from 'node:path';
import { createFileSnapshotStore } from '../file-snapshot-store.js';
import type { PersistedFlow, SnapshotStore } from '../snapshot-store.js';
import { SnapshotStoreError } from '../snapshot-store-error.js';
import { endedFlow } from './ended-flow.js';
import { removeLeftoverTemporaries } from './leftover-temporaries.js';
import { lockStateFile } from './state-lock.js';
import { UsageError } from './usage-error.js';

/** The name of the one flow a state file holds. */
export const STATE_KEY = 'kyc-flow run';

/** The execution a saved flow follows (the file store checked the snapshot's shape). */
const executionIdOf = (persisted: PersistedFlow): string | undefined => {
  const { context } = persisted.snapshot as { context?: { executionId?: unknown } };
  return typeof context?.executionId === 'string' ? context.executionId : undefined;
};

/** What an earlier run's OCR read off the customer's document, if the saved flow holds it. */
const ocrResultOf = (persisted: PersistedFlow): unknown =>
  (persisted.snapshot as { context?: { ocr?: { result?: unknown } } }).context?.ocr?.result;

/**
 * Where a flow runs, as its state file records it: the gateway's origin (scheme, host and
 * port; never its credentials, path or query), or `EMBEDDED_SANDBOX` for the sandbox a run
 * starts in its own process, which listens on another free port each time and carries on
 * from what it remembered (see `sandbox-memory-file.ts`): its port says nothing.
 */
export const EMBEDDED_SANDBOX = 'embedded sandbox';

/** The origin of a gateway URL, as a state file records it. */
export const gatewayOrigin = (gatewayUrl: string): string => new URL(gatewayUrl).origin;

/** A saved flow with where it runs beside it: a field of our own, which the store keeps. */
interface PlacedFlow extends PersistedFlow {
  readonly gateway?: unknown;
}

/**
 * `store` with `gateway` recorded in every flow it saves, so that a later run can tell a flow
 * of another environment (another gateway, a sandbox on another port) before it sends anything.
 */
const placing = (store: SnapshotStore, gateway: string): SnapshotStore => ({
  load: (key) => store.load(key),
  save: (key, persisted) => {
    const placed: PlacedFlow = { ...persisted, gateway };
    return store.save(key, placed);
  },
  delete: (key) => store.delete(key),
});

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
  /**
   * Where the saved flow runs (a gateway's origin, or `EMBEDDED_SANDBOX`); undefined when
   * there is no flow, or the file was written before state files recorded it.
   */
  readonly savedGateway: string | undefined;
  /** The saved flow has its outcome already: a run tells it again, and sends nothing. */
  readonly ended: boolean;
  /** The flow saved there when the run began, as the file holds it (checked for shape). */
  readonly flow: PersistedFlow | undefined;
  /**
   * The flow has its outcome: the file keeps that, and nothing personal (`endedFlow`), so
   * that a run on it again tells the outcome instead of onboarding the customer afresh.
   */
  end(): Promise<void>;
  /** Lets go of the file for the next run (see `state-lock.ts`). */
  release(): Promise<void>;
}

/**
 * Opens a state file, locked for this run, and reads it once, so that a damaged, forged or
 * unreadable file (or a FIFO, a device, a directory) is a usage error naming what is wrong,
 * before anything is sent. A missing file is a fresh start. `gateway` is where this run sends
 * (`gatewayOrigin`, or `EMBEDDED_SANDBOX`): every save records it.
 */
export async function openStateFile(path: string, gateway: string): Promise<StateFile> {
  const files = createFileSnapshotStore({
    directory: dirname(resolve(path)),
    fileName: () => basename(path),
  });
  const store = placing(files, gateway);
  // Taken before the file is read: what another run is writing is not read half-done.
  const release = await lockStateFile(resolve(path));
  let persisted: PersistedFlow | undefined;
  try {
    await removeLeftoverTemporaries(resolve(path));
    persisted = await store.load(STATE_KEY);
  } catch (error) {
    await release();
    if (!(error instanceof SnapshotStoreError)) throw error;
    throw new UsageError(`--state-file: ${error.code}: ${error.message}`);
  }
  const saved = (persisted as PlacedFlow | undefined)?.gateway;
  if (saved !== undefined && typeof saved !== 'string') {
    await release();
    throw new UsageError(`--state-file: ${path}: gateway: expected a string`);
  }
  return {
    release,
    path,
    store,
    key: STATE_KEY,
    saved: persisted !== undefined,
    executionId: persisted && executionIdOf(persisted),
    ocrResult: persisted && ocrResultOf(persisted),
    savedGateway: saved,
    ended: (persisted?.snapshot as { status?: unknown } | undefined)?.status === 'done',
    flow: persisted,
    async end() {
      const final = await store.load(STATE_KEY);
      if (final) await store.save(STATE_KEY, endedFlow(final));
    },
  };
}
