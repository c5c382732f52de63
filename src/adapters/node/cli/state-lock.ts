import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './usage-error.js';

/** Whether a process with this id runs (one we may not signal runs too). */
const isRunning = async (pid: number): Promise<boolean> => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process killed but not yet reaped (a zombie: in a container whose first process
  // reaps nothing, for good) still answers that check. Linux says which it is.
  // `/proc/<pid>/stat` is `pid (name) state …`; the name may hold spaces and parentheses.
  const line = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return line === undefined || line.charAt(line.lastIndexOf(')') + 2) !== 'Z';
};

const holderOf = async (lockPath: string): Promise<number | undefined> => {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
};

/** A lock with no pid in it yet is being taken right now, unless it is older than that. */
const isFresh = async (lockPath: string): Promise<boolean> => {
  const made = await stat(lockPath).then(
    (stats) => stats.mtimeMs,
    () => 0,
  );
  return Date.now() - made < 5_000;
};

/**
 * Takes `<state file>.lock` for this process: two runs driving one flow at once (a cron job
 * that overlaps itself) would answer its nodes twice and race each other's saves, and the
 * one that ends last could write the state file back after the other removed it. A lock
 * whose process is gone (killed, the machine restarted) is taken over. Resolves to what
 * lets it go; refuses with a `UsageError` naming the run that holds it.
 */
export async function lockStateFile(path: string): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  // The state file's directory, made as its store makes it (its owner's only) if it is new.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch(() => undefined);
  // Twice at most: once, and once more after clearing a lock its process left behind.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'EEXIST')
        throw new UsageError(`--state-file: cannot lock ${lockPath} (${code})`);
      const holder = await holderOf(lockPath);
      const held =
        holder === undefined
          ? await isFresh(lockPath)
          : holder !== process.pid && (await isRunning(holder));
      if (held) {
        throw new UsageError(
          `--state-file: another kyc-flow run (${holder === undefined ? 'starting' : `pid ${holder}`}) is driving the flow in ${path}; wait for it to end, or stop it`,
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new UsageError(`--state-file: another kyc-flow run took ${lockPath} at the same moment`);
}
