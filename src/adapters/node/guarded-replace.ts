import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type AtomicWriteFileSystem,
  type AtomicWriteOptions,
  writeTemporary,
} from './atomic-write.js';
import { readRegularFile } from './regular-file.js';

/**
 * How long one guard may stand, watched by a writer waiting for it, before it is taken for
 * the leftover of a writer that died holding it (a holder only reads a small file and
 * renames another) and removed.
 */
export const STALE_GUARD_MS = 10_000;
const GUARD_RETRY_MS = 5;

/**
 * Puts `data` at `path`, as `replaceFile` does, only when `isCurrent` says yes to the text at
 * `path` then (`undefined`: no file): `false` when it said no, nothing written. The look
 * and the rename are made holding `path.guard`, a file created exclusively (`wx`), so no
 * other writer using this function for `path`, in any process, comes between them. The
 * data is written and flushed before the guard is taken, which is held for a read and a
 * rename only.
 */
export async function replaceFileIf(
  path: string,
  data: string,
  options: AtomicWriteOptions,
  isCurrent: (current: string | undefined) => boolean,
): Promise<boolean> {
  const fs: AtomicWriteFileSystem = { ...fsPromises, ...options.fs };
  const temporary = await writeTemporary(fs, path, data, options);
  const guard = `${path}.guard`;
  try {
    await holdGuard(fs, guard, options.mode);
    try {
      if (!isCurrent(await readCurrent(path, fs))) return false;
      await fs.rename(temporary, path);
      return true;
    } finally {
      await fs.unlink(guard).catch(() => undefined);
    }
  } finally {
    // Gone once renamed; else this attempt's leftover.
    await fs.unlink(temporary).catch(() => undefined);
  }
}

async function holdGuard(fs: AtomicWriteFileSystem, guard: string, mode: number): Promise<void> {
  // The guard seen standing, and since when by this process's clock (not the file's times,
  // which another host's clock may have set).
  let standing: { readonly ino: number; readonly since: number } | undefined;
  for (;;) {
    try {
      await (await fs.open(guard, 'wx', mode)).close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const ino = await fsPromises.lstat(guard).then(
      (stats) => stats.ino,
      () => undefined,
    );
    if (ino === undefined) continue;
    if (standing?.ino !== ino) standing = { ino, since: Date.now() };
    if (Date.now() - standing.since < STALE_GUARD_MS) {
      await delay(GUARD_RETRY_MS);
      continue;
    }
    // Moved aside first, so that of two writers removing it only one does.
    const aside = `${guard}.${randomBytes(8).toString('hex')}.stale`;
    await fs.rename(guard, aside).then(
      () => fs.unlink(aside).catch(() => undefined),
      () => undefined,
    );
    standing = undefined;
  }
}

const readCurrent = (path: string, fs: AtomicWriteFileSystem): Promise<string | undefined> =>
  readRegularFile(path, fs.open).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
