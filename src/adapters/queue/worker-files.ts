import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '../node/process-running.js';

/**
 * The directory a worker copies carried files to before uploading them: its own (0700),
 * made at once, removed when the worker closes (or the process exits). Its name carries the
 * worker's pid, so that the next worker on the machine removes what one killed with
 * `kill -9` left behind (identity documents, selfies): see `removeOrphans`.
 */
export function privateDirectory(parent = tmpdir()) {
  removeOrphans(parent);
  const path = mkdtempSync(join(parent, `kyc-flow-files-${process.pid}-`));
  const onExit = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', onExit);
  return {
    path,
    async remove() {
      process.off('exit', onExit);
      await rm(path, { recursive: true, force: true });
    },
  };
}

/**
 * Removes the file directories of workers that are gone (their pid no longer runs), ours
 * only (same user). A directory of a live process, or of another user, is left alone.
 */
export function removeOrphans(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = Number(/^kyc-flow-files-(\d+)-/.exec(name)?.[1]);
    if (!(pid > 0) || pid === process.pid || isRunning(pid)) continue;
    const path = join(parent, name);
    try {
      if (uid !== undefined && statSync(path).uid !== uid) continue;
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove: nothing to do.
    }
  }
}
