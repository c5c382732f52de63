import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';

/** The file system calls `replaceFile` makes; a test swaps them to simulate a crash. */
export interface AtomicWriteFileSystem {
  readonly open: typeof fsPromises.open;
  readonly rename: typeof fsPromises.rename;
  readonly unlink: typeof fsPromises.unlink;
  readonly link: typeof fsPromises.link;
}

export interface AtomicWriteOptions {
  /** The new file's mode (the temporary file is created with it, and renamed). */
  readonly mode: number;
  /** Flush the bytes to disk before the rename, so a power cut leaves old or new, whole. */
  readonly flush?: boolean;
  readonly fs?: Partial<AtomicWriteFileSystem>;
}

/**
 * A name beside `path` that no other writer of it picks: not another process, nor a process
 * that had this pid before (a restarted container is pid 1 again, and a killed one's
 * temporary files stay), nor a worker thread of this one (same pid, its own counters).
 */
export const temporaryPathOf = (path: string): string =>
  `${path}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`;

/**
 * Puts `data` at `path` through a temporary file renamed over it: a reader sees the old file
 * or the new one, never half of one. When the write or the rename fails (a full disk, a
 * directory in the way), the temporary file is removed and the error rethrown as it came.
 */
export async function replaceFile(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): Promise<void> {
  const fs: AtomicWriteFileSystem = { ...fsPromises, ...options.fs };
  const temporary = await writeTemporary(fs, path, data, options);
  try {
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * `data` written whole (and flushed, if asked) to a new temporary file beside `path`: its
 * name. When the write fails, the file is removed and the error rethrown as it came.
 */
export async function writeTemporary(
  fs: AtomicWriteFileSystem,
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): Promise<string> {
  const temporary = temporaryPathOf(path);
  // `wx`: a file already there (however unlikely under a random name) is not ours to fill.
  const handle = await fs.open(temporary, 'wx', options.mode);
  try {
    try {
      await handle.writeFile(data);
      if (options.flush) await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    await handle.close();
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  return temporary;
}

/** File systems that make no hard links (FAT, some network shares) say so with one of these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Puts `data` at `path` only when nothing is there yet: written whole to a temporary file,
 * then hard-linked to `path`, which the system refuses in one step (EEXIST) when the name
 * is taken, whichever process took it. `false` when it was, nothing written. Where the file
 * system makes no hard links, the look and the rename are two steps.
 */
export async function createFile(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
): Promise<boolean> {
  const fs: AtomicWriteFileSystem = { ...fsPromises, ...options.fs };
  const temporary = await writeTemporary(fs, path, data, options);
  try {
    return await fs.link(temporary, path).then(
      () => true,
      async (error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') return false;
        if (!NO_LINKS.has(code)) throw error;
        if (await exists(path)) return false;
        await fs.rename(temporary, path);
        return true;
      },
    );
  } finally {
    await fs.unlink(temporary).catch(() => undefined);
  }
}

const exists = (path: string): Promise<boolean> =>
  fsPromises.lstat(path).then(
    () => true,
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    },
  );

/** `replaceFile`, blocking: for a small file that must be on disk before the caller goes on. */
export function replaceFileSync(
  path: string,
  data: string | Uint8Array,
  options: Omit<AtomicWriteOptions, 'fs'>,
): void {
  const temporary = temporaryPathOf(path);
  const fd = openSync(temporary, 'wx', options.mode);
  try {
    try {
      writeFileSync(fd, data);
      if (options.flush) fsyncSync(fd);
    } catch (error) {
      try {
        closeSync(fd);
      } catch {
        // The write's own error says what went wrong.
      }
      throw error;
    }
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Left behind; the write's own error is the one to report.
    }
    throw error;
  }
}
