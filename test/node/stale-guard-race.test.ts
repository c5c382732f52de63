import {
  open as fsOpen,
  rename as fsRename,
  lstat,
  mkdtemp,
  readdir,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileSnapshotStore } from '../../src/adapters/node/file-snapshot-store.js';
import { STALE_GUARD_MS } from '../../src/adapters/node/guarded-replace.js';
import { persistedFlow } from '../support/persisted-flow.js';

/**
 * Two runs resume one flow from the same revision while a guard a crashed writer left
 * stands. Both judge it stale at once; one removes it and takes the guard, and the other's
 * removal then lands on that fresh guard. Only one of the two saves may land.
 */

const later = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * A store's `open`, telling once the writer has found the guard standing twice: it has
 * looked at it in between, so it counts the guard's stale time from then.
 */
function watchingTheGuard(): { readonly open: typeof fsOpen; readonly waiting: Promise<void> } {
  let refused = 0;
  let waited!: () => void;
  const waiting = new Promise<void>((done) => {
    waited = done;
  });
  const open: typeof fsOpen = async (...args) => {
    try {
      return await fsOpen(...args);
    } catch (error) {
      if (String(args[0]).endsWith('.guard')) refused += 1;
      if (refused === 2) waited();
      throw error;
    }
  };
  return { open, waiting };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the file store, a stale guard two writers remove at once', () => {
  it('lets one save land and refuses the other: the fresh guard is not removed as the stale one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-stale-guard-'));
    try {
      await createFileSnapshotStore({ directory }).save('k', persistedFlow('a'), {
        revision: 'r1',
      });
      const [file] = await readdir(directory);
      const guard = join(directory, `${String(file)}.guard`);
      await writeFile(guard, '');

      let firstInside!: () => void;
      const inside = new Promise<void>((done) => {
        firstInside = done;
      });
      let secondInside!: () => void;
      const secondRenames = new Promise<void>((done) => {
        secondInside = done;
      });
      const firstWatch = watchingTheGuard();
      const secondWatch = watchingTheGuard();
      // The first run removes the stale guard and, holding its own, pauses before its rename
      // (until the second renames too, or 300 ms: a guard that holds makes the second wait).
      const first = createFileSnapshotStore({
        directory,
        fs: {
          open: firstWatch.open,
          rename: async (from, to) => {
            if (String(to).endsWith(String(file))) {
              firstInside();
              await Promise.race([secondRenames, later(300)]);
            }
            return fsRename(from, to);
          },
        },
      });
      // The second run judged the same guard stale, and moves "it" aside only now.
      const second = createFileSnapshotStore({
        directory,
        fs: {
          open: secondWatch.open,
          rename: async (from, to) => {
            if (String(to).endsWith('.stale')) await inside;
            if (String(to).endsWith(String(file))) secondInside();
            return fsRename(from, to);
          },
        },
      });

      vi.useFakeTimers({ toFake: ['Date'] });
      const saves = [
        first.save('k', persistedFlow('first'), { revision: 'r2', basedOn: 'r1' }),
        second.save('k', persistedFlow('second'), { revision: 'r3', basedOn: 'r1' }),
      ].map((save) =>
        save.then(
          () => 'saved',
          (error: unknown) => error,
        ),
      );
      // Both have seen the guard standing; then the guard's stale time passes for both.
      await Promise.all([firstWatch.waiting, secondWatch.waiting]);
      vi.setSystemTime(Date.now() + STALE_GUARD_MS + 1);
      const ended = await Promise.all(saves);

      expect(ended.filter((end) => end === 'saved')).toHaveLength(1);
      expect(ended.find((end) => end !== 'saved')).toMatchObject({ code: 'SNAPSHOT_OWNER' });
      expect(await readdir(directory)).toEqual([file]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('a writer judged stale while it still held the guard lets go of its own only, not the next one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-stale-guard-'));
    try {
      await createFileSnapshotStore({ directory }).save('k', persistedFlow('a'), {
        revision: 'r1',
      });
      const [file] = await readdir(directory);
      const guard = join(directory, `${String(file)}.guard`);
      const ends = (path: unknown) => String(path).endsWith(String(file));

      let slowInside!: () => void;
      const slowHolds = new Promise<void>((done) => {
        slowInside = done;
      });
      let nextInside!: () => void;
      const nextHolds = new Promise<void>((done) => {
        nextInside = done;
      });
      // The slow writer holds the guard past its stale time, then renames and lets go.
      const slow = createFileSnapshotStore({
        directory,
        fs: {
          rename: async (from, to) => {
            if (ends(to)) {
              slowInside();
              await nextHolds;
            }
            return fsRename(from, to);
          },
        },
      });
      const nextWatch = watchingTheGuard();
      let guardStood: boolean | undefined;
      // The next writer took the guard as stale; it looks at it once the slow one let go.
      const next = createFileSnapshotStore({
        directory,
        fs: {
          open: nextWatch.open,
          rename: async (from, to) => {
            if (ends(to)) {
              nextInside();
              await slowSaved;
              guardStood = await lstat(guard).then(
                () => true,
                () => false,
              );
            }
            return fsRename(from, to);
          },
        },
      });

      vi.useFakeTimers({ toFake: ['Date'] });
      const slowSaved = slow
        .save('k', persistedFlow('slow'), { revision: 'r2', basedOn: 'r1' })
        .catch(() => undefined);
      await slowHolds;
      const nextSaved = next
        .save('k', persistedFlow('next'), { revision: 'r3', basedOn: 'r1' })
        .catch(() => undefined);
      await nextWatch.waiting;
      vi.setSystemTime(Date.now() + STALE_GUARD_MS + 1);
      await Promise.all([slowSaved, nextSaved]);

      expect(guardStood).toBe(true);
      expect(await readdir(directory)).toEqual([file]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
