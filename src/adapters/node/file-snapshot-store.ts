import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from './atomic-write.js';
import { NotARegularFileError, readRegularFile } from './regular-file.js';
import { readSnapshot, writeSnapshot } from './snapshot-envelope.js';
import type { PersistedFlow, SnapshotStore } from './snapshot-store.js';
import { SnapshotStoreError } from './snapshot-store-error.js';

/** The file system calls the store makes; tests swap them to simulate a crash. */
export interface SnapshotFileSystem {
  readonly open: typeof fsPromises.open;
  readonly rename: typeof fsPromises.rename;
  readonly unlink: typeof fsPromises.unlink;
  readonly mkdir: typeof fsPromises.mkdir;
}

export interface FileSnapshotStoreOptions {
  /** Created on first save. */
  readonly directory: string;
  /** The file (inside `directory`) that holds a key; by default the key, URI-encoded, + `.json`. */
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
 * Snapshot files hold personal data: they are created readable by their owner only (0600).
 * A load opens regular files only (a FIFO or a device is refused at once, never waited on)
 * and checks the flow against the persisted flow's schema before anyone restores it.
 */
export function createFileSnapshotStore(options: FileSnapshotStoreOptions): SnapshotStore {
  const fs: SnapshotFileSystem = { ...fsPromises, ...options.fs };
  const fileName = options.fileName ?? ((key: string) => `${encodeURIComponent(key)}.json`);
  const pathOf = (key: string) => join(options.directory, fileName(key));
  let directoryReady: Promise<unknown> | undefined;
  const writes = new WritesInOrder();

  async function write(key: string, persisted: PersistedFlow): Promise<void> {
    const path = pathOf(key);
    try {
      // Made once; a failure is not kept, so the next save tries again (the cause fixed).
      directoryReady ??= fs
        .mkdir(options.directory, { recursive: true, mode: 0o700 })
        .catch((error: unknown) => {
          directoryReady = undefined;
          throw error;
        });
      await directoryReady;
      await replaceFile(path, writeSnapshot(key, persisted), { mode: 0o600, flush: true, fs });
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
    await syncDirectory(fs, options.directory);
  }

  return {
    async load(key) {
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
      return readSnapshot(text, key, path);
    },
    save: (key, persisted) => writes.after(key, () => write(key, persisted)),
    delete: (key) =>
      writes.after(key, async () => {
        await fs.unlink(pathOf(key)).catch((error: unknown) => {
          if (!isErrorCode(error, 'ENOENT')) throw error;
        });
      }),
  };
}

/** Runs the writes of one key one after the other; a failed write does not stop the next. */
class WritesInOrder {
  /** The last pending write per key. */
  readonly #last = new Map<string, Promise<void>>();

  after(key: string, write: () => Promise<void>): Promise<void> {
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
