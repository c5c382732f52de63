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
    const held = await holdGuard(fs, guard, options.mode);
    try {
      if (!isCurrent(await readCurrent(path, fs))) return false;
      await fs.rename(temporary, path);
      return true;
    } finally {
      // Only its own: judged stale meanwhile (this writer slow), it may be another's now.
      await removeGuard(fs, guard, held);
    }
  } finally {
    // Gone once renamed; else this attempt's leftover.
    await fs.unlink(temporary).catch(() => undefined);
  }
}

/**
 * Which guard file: its inode and its time. Not the inode alone: a guard removed and another
 * made at once often gets the same inode number back.
 */
interface GuardIdentity {
  readonly ino: number;
  readonly mtimeMs: number;
}

const identityOf = (path: string): Promise<GuardIdentity | undefined> =>
  fsPromises.lstat(path).then(
    ({ ino, mtimeMs }) => ({ ino, mtimeMs }),
    () => undefined,
  );

const isSame = (a: GuardIdentity | undefined, b: GuardIdentity | undefined): boolean =>
  a !== undefined && b !== undefined && a.ino === b.ino && a.mtimeMs === b.mtimeMs;

async function holdGuard(
  fs: AtomicWriteFileSystem,
  guard: string,
  mode: number,
): Promise<GuardIdentity | undefined> {
  // The guard seen standing, and since when by this process's clock (not the file's times,
  // which another host's clock may have set).
  let standing: { readonly guard: GuardIdentity; readonly since: number } | undefined;
  for (;;) {
    try {
      const handle = await fs.open(guard, 'wx', mode);
      try {
        const { ino, mtimeMs } = await handle.stat();
        return { ino, mtimeMs };
      } catch {
        return undefined;
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = await identityOf(guard);
    if (seen === undefined) continue;
    if (!isSame(standing?.guard, seen)) standing = { guard: seen, since: Date.now() };
    if (Date.now() - (standing?.since ?? 0) < STALE_GUARD_MS) {
      await delay(GUARD_RETRY_MS);
      continue;
    }
    await removeGuard(fs, guard, seen);
    standing = undefined;
  }
}

/**
 * Removes the guard at `guard` if it is still the one `judged` (`undefined`: whichever stands).
 * Moved aside first and looked at there, so that a guard another writer has just taken in
 * its place is never removed: that one is put back (`link` makes no second one over a third
 * writer's), and of two writers removing the same one only one does.
 */
async function removeGuard(
  fs: AtomicWriteFileSystem,
  guard: string,
  judged: GuardIdentity | undefined,
): Promise<void> {
  const aside = `${guard}.${randomBytes(8).toString('hex')}.stale`;
  const moved = await fs.rename(guard, aside).then(
    () => true,
    () => false,
  );
  if (!moved) return;
  if (judged !== undefined && !isSame(await identityOf(aside), judged)) {
    await fs.link(aside, guard).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

const readCurrent = (path: string, fs: AtomicWriteFileSystem): Promise<string | undefined> =>
  readRegularFile(path, fs.open).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
