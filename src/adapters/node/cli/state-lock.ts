import type { Stats } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { isRunning } from '../process-running.js';
import { UsageError } from './usage-error.js';

interface Holder {
  readonly pid: number;
  /** The machine it runs on; none in a lock written before hosts were named. */
  readonly host?: string;
}

/** `<pid> <host>`, or `<pid>` alone (an earlier version's lock). */
const holderOf = async (lockPath: string): Promise<Holder | undefined> => {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const [first = '', host] = text.trim().split(/\s+/, 2);
  const pid = Number(first);
  if (!(Number.isSafeInteger(pid) && pid > 0)) return undefined;
  return host ? { pid, host } : { pid };
};

/**
 * Whether the holder still drives the flow. Its process can be looked up only on this
 * machine: a lock taken on another one (a state file on a shared disk) is held, since
 * nothing here can tell that run is gone.
 */
const stillHeld = (holder: Holder): boolean =>
  isElsewhere(holder) || (holder.pid !== process.pid && isRunning(holder.pid));

/** Taken on another machine: its process cannot be looked up from here. */
const isElsewhere = (holder: Holder): boolean =>
  holder.host !== undefined && holder.host !== hostname();

const named = (holder: Holder | undefined, lockPath: string): string =>
  holder === undefined
    ? 'starting'
    : isElsewhere(holder)
      ? `pid ${holder.pid} on ${holder.host}; if that run is gone, remove ${lockPath}`
      : `pid ${holder.pid}`;

/** A lock with no pid in it yet is being taken right now, unless it is older than that. */
const isFresh = async (lockPath: string): Promise<boolean> => {
  const made = await stat(lockPath).then(
    (stats) => stats.mtimeMs,
    () => 0,
  );
  return Date.now() - made < 5_000;
};

/** Which lock file was judged stale: the same name may hold another run's lock a moment later. */
interface Judged {
  readonly holder: Holder | undefined;
  readonly ino: number;
  readonly mtimeMs: number;
}

const judge = async (lockPath: string): Promise<Judged | undefined> => {
  const stats = await stat(lockPath).catch(() => undefined);
  if (!stats) return undefined;
  return { holder: await holderOf(lockPath), ino: stats.ino, mtimeMs: stats.mtimeMs };
};

/** A takeover older than this was left by a run killed in the middle of one. */
const TAKEOVER_MS = 5_000;

/** Whether this run made the directory (`mkdir` makes it for one run only). */
const made = (directory: string): Promise<boolean> =>
  mkdir(directory).then(
    () => true,
    () => false,
  );

/** Takes `<lock>.takeover`, or says it could not (another run clears the lock now). */
async function takeTakeover(takeover: string): Promise<boolean> {
  if (await made(takeover)) return true;
  const since = await stat(takeover).then(
    (stats) => stats.mtimeMs,
    () => Date.now(),
  );
  if (Date.now() - since < TAKEOVER_MS) return false;
  await rm(takeover, { recursive: true, force: true });
  return made(takeover);
}

/**
 * Clears the lock a gone run left behind (`judged`), and nothing else. Runs that judge it
 * stale at once must not both go on: one could remove the lock another had just made in its
 * place. So one run at a time clears (it holds `<lock>.takeover`), and only the very file
 * judged (same inode, same time): another run's lock, made meanwhile, stays. A run that
 * could not take the takeover tries its lock once more, and is refused if it is taken.
 */
async function clearStale(lockPath: string, judged: Judged): Promise<void> {
  const takeover = `${lockPath}.takeover`;
  if (!(await takeTakeover(takeover))) return;
  try {
    const now = await judge(lockPath);
    if (now && now.ino === judged.ino && now.mtimeMs === judged.mtimeMs) {
      await rm(lockPath, { force: true });
    }
  } finally {
    await rm(takeover, { recursive: true, force: true });
  }
}

/**
 * Writes this run into the lock it has just made. Should that fail (a full disk), the lock
 * is removed, unless another run has put its own in its place meanwhile: left empty, it
 * would turn the next runs away as one still starting.
 */
async function signLock(handle: FileHandle, lockPath: string): Promise<void> {
  let made: Stats | undefined;
  try {
    made = await handle.stat();
    await handle.writeFile(`${process.pid} ${hostname()}\n`);
  } catch (error) {
    await handle.close().catch(() => undefined);
    const found = await stat(lockPath).catch(() => undefined);
    if (made && found && made.ino === found.ino && made.dev === found.dev) {
      await rm(lockPath, { force: true }).catch(() => undefined);
    }
    throw error;
  }
  await handle.close();
}

/**
 * Takes `<state file>.lock` for this process: two runs driving one flow at once (a cron job
 * that overlaps itself) would answer its nodes twice and race each other's saves, and the
 * one that ends last could write the state file back after the other removed it. A lock
 * whose process is gone (killed, the machine restarted) is taken over; one taken on another
 * machine (a shared disk) is not, since its process cannot be looked up from here. Resolves to what
 * lets it go; refuses with a `UsageError` naming the run that holds it.
 */
export async function lockStateFile(path: string): Promise<() => Promise<void>> {
  const lockPath = `${path}.lock`;
  // The state file's directory, made as its store makes it (its owner's only) if it is new.
  await mkdir(dirname(path), { recursive: true, mode: 0o700 }).catch(() => undefined);
  // Twice at most: once, and once more after clearing a lock its process left behind.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await signLock(await open(lockPath, 'wx', 0o600), lockPath);
      return () => rm(lockPath, { force: true });
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'EEXIST')
        throw new UsageError(`--state-file: cannot lock ${lockPath} (${code})`);
      const judged = await judge(lockPath);
      // Gone meanwhile (its run ended): the next attempt makes it.
      if (!judged) continue;
      const { holder } = judged;
      const held = holder === undefined ? await isFresh(lockPath) : stillHeld(holder);
      if (held) {
        throw new UsageError(
          `--state-file: another kyc-flow run (${named(holder, lockPath)}) is driving the flow in ${path}; wait for it to end, or stop it`,
        );
      }
      await clearStale(lockPath, judged);
    }
  }
  throw new UsageError(`--state-file: another kyc-flow run took ${lockPath} at the same moment`);
}

/**
 * Who drives the flow of the state file at `path` now, in words, without taking its lock
 * (`kyc-flow show` reads a flow while its run goes on): `undefined` when no run holds it,
 * or the one that did is gone.
 */
export async function lockHolderOf(path: string): Promise<string | undefined> {
  const lockPath = `${path}.lock`;
  const exists = await stat(lockPath).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const holder = await holderOf(lockPath);
  if (holder === undefined) return (await isFresh(lockPath)) ? 'a run is starting' : undefined;
  if (isElsewhere(holder)) return `a run holds it: ${named(holder, lockPath)}`;
  return isRunning(holder.pid) ? `a run drives it now: pid ${holder.pid}` : undefined;
}
