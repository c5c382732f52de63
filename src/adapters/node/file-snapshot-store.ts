import { createHash } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { type AtomicWriteOptions, createFile, replaceFile } from './atomic-write.js';
import { replaceFileIf } from './guarded-replace.js';
import { NotARegularFileError, readRegularFile } from './regular-file.js';
import { readSavedFlow, revisionOf, writeSnapshot } from './snapshot-envelope.js';
import type { PersistedFlow, SaveOptions, SnapshotStore } from './snapshot-store.js';
import { flowMoved, flowTaken, SnapshotStoreError } from './snapshot-store-error.js';

/** The file system calls the store makes; tests swap them to simulate a crash. */
export interface SnapshotFileSystem {
  readonly open: typeof fsPromises.open;
  readonly rename: typeof fsPromises.rename;
  readonly unlink: typeof fsPromises.unlink;
  readonly mkdir: typeof fsPromises.mkdir;
  readonly link: typeof fsPromises.link;
}

export interface FileSnapshotStoreOptions {
  /** Created on first save. */
  readonly directory: string;
  /**
   * The file (inside `directory`) that holds a key; by default the key, URI-encoded, +
   * `.json` (a key too long for a file name: cut, with its digest).
   */
  readonly fileName?: (key: string) => string;
  readonly fs?: Partial<SnapshotFileSystem>;
}

/** The system's own word for a failed file operation (ENOSPC, EFBIG, EACCES…), if it gave one. */
const osReason = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
};

/**
 * One JSON file per flow. A save writes a temporary file, flushes it to disk, then renames
 * it over the old one, so a crash at any point leaves either the old snapshot or the new
 * one, never half of one. Saves of one key run in order; the last one wins.
 * A save `basedOn` a revision (`loadRevision`) looks at the file and renames over it holding
 * `<file>.guard`, created exclusively, so two processes resuming one flow cannot both claim
 * it (a guard a crashed writer left is removed after `STALE_GUARD_MS`).
 * Snapshot files hold personal data: they are created readable by their owner only (0600).
 * A load opens regular files only (a FIFO or a device is refused at once, never waited on)
 * and checks the flow against the persisted flow's schema before anyone restores it.
 */
export function createFileSnapshotStore(options: FileSnapshotStoreOptions): SnapshotStore {
  const fs: SnapshotFileSystem = { ...fsPromises, ...options.fs };
  const fileName = options.fileName ?? defaultFileName;
  const pathOf = (key: string) => join(options.directory, fileName(key));
  const writes = new WritesInOrder();
  const write = snapshotWriter(fs, options.directory, pathOf);

  const loadRevision: NonNullable<SnapshotStore['loadRevision']> = async (key) => {
    const path = pathOf(key);
    // Wait for this key's pending writes, so a load never reads behind a save.
    await writes.settled(key);
    let text: string;
    try {
      text = await readRegularFile(path, fs.open);
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return undefined;
      if (error instanceof NotARegularFileError) {
        throw new SnapshotStoreError('SNAPSHOT_NOT_A_FILE', key, path, `is ${error.kind}`);
      }
      throw new SnapshotStoreError('SNAPSHOT_IO', key, path, `cannot be read${osReason(error)}`, {
        cause: error,
      });
    }
    return readSavedFlow(text, key, path);
  };

  return {
    load: async (key) => (await loadRevision(key))?.persisted,
    loadRevision,
    save: (key, persisted, saveOptions) =>
      writes.after(key, async () => {
        const { onlyNew, basedOn, revision } = saveOptions ?? ({} satisfies SaveOptions);
        const put = (putFile: Put<unknown>) => write(key, persisted, putFile, revision);
        if (onlyNew) {
          if (!(await put(createFile))) throw flowTaken(key, pathOf(key));
        } else if (basedOn !== undefined) {
          const stillBasedOn = (current: string | undefined) =>
            current !== undefined && revisionOf(current) === basedOn;
          const replaced = await put((path, data, options) =>
            replaceFileIf(path, data, options, stillBasedOn),
          );
          if (!replaced) throw flowMoved(key, pathOf(key));
        } else {
          await put(replaceFile);
        }
      }),
    delete: (key) =>
      writes.after(key, async () => {
        const path = pathOf(key);
        await fs.unlink(path).catch((error: unknown) => {
          if (isErrorCode(error, 'ENOENT')) return;
          throw new SnapshotStoreError(
            'SNAPSHOT_IO',
            key,
            path,
            `cannot be deleted${osReason(error)}`,
            { cause: error },
          );
        });
      }),
  };
}

type Put<T> = (path: string, data: string, options: AtomicWriteOptions) => Promise<T>;

/** Puts a flow in its file (`createFile`: only where there is none), and says what `put` said. */
function snapshotWriter(
  fs: SnapshotFileSystem,
  directory: string,
  pathOf: (key: string) => string,
) {
  let directoryReady: Promise<unknown> | undefined;
  // Made once; a failure is not kept, so the next save tries again (the cause fixed).
  const directoryMade = () =>
    (directoryReady ??= fs.mkdir(directory, { recursive: true, mode: 0o700 }).catch((error) => {
      directoryReady = undefined;
      throw error;
    }));

  return async <T>(
    key: string,
    persisted: PersistedFlow,
    put: Put<T>,
    revision?: string,
  ): Promise<T> => {
    const path = pathOf(key);
    const text = writeSnapshot(key, persisted, revision);
    const putText = () => put(path, text, { mode: 0o600, flush: true, fs });
    let done: T;
    try {
      await directoryMade();
      done = await putText().catch(async (error: unknown) => {
        if (!isErrorCode(error, 'ENOENT')) throw error;
        // The directory went away under this process (a clean-up of temporary files): made
        // again, once, instead of failing every save until the process restarts.
        directoryReady = undefined;
        await directoryMade();
        return putText();
      });
    } catch (error) {
      throw new SnapshotStoreError(
        'SNAPSHOT_IO',
        key,
        path,
        `cannot be written${osReason(error)}`,
        {
          cause: error,
        },
      );
    }
    await syncDirectory(fs, directory);
    return done;
  };
}

/**
 * Past this, a name is cut and ends in the key's digest instead: a file name holds 255 bytes
 * at most, a temporary one beside it (`atomic-write.ts`) some 30 more than the file's, and
 * a customer's key may be several hundred characters (`ID_LIMITS`), more once URI-encoded.
 */
const MAX_PLAIN_NAME = 200;

/**
 * The key, URI-encoded, + `.json`; a long one cut, with `+` and its SHA-256 (a `+` is
 * encoded in a plain name, so that no other key's name is ever the same).
 */
function defaultFileName(key: string): string {
  const plain = `${encodeURIComponent(key)}.json`;
  if (plain.length <= MAX_PLAIN_NAME) return plain;
  const digest = createHash('sha256').update(key).digest('hex');
  return `${plain.slice(0, 100)}+${digest}.json`;
}

/** Runs the writes of one key one after the other; a failed write does not stop the next. */
class WritesInOrder {
  /** The last pending write per key. */
  readonly #last = new Map<string, Promise<unknown>>();

  after<T>(key: string, write: () => Promise<T>): Promise<T> {
    const previous = this.#last.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.#last.set(key, next);
    const forget = () => {
      if (this.#last.get(key) === next) this.#last.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  /** Resolves once every write of `key` asked for so far has ended, well or not. */
  async settled(key: string): Promise<void> {
    await this.#last.get(key)?.catch(() => undefined);
  }
}

/** Makes the rename itself durable. Some platforms cannot open a directory: the rename is then as durable as they allow. */
async function syncDirectory(fs: SnapshotFileSystem, directory: string): Promise<void> {
  try {
    const handle = await fs.open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // EISDIR/EPERM on Windows, EINVAL on some network file systems: nothing more to do.
  }
}

const isErrorCode = (error: unknown, code: string): boolean =>
  error instanceof Error && 'code' in error && error.code === code;
