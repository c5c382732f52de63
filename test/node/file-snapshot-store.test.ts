import { execFileSync } from 'node:child_process';
import * as fsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from '../../src/adapters/node/file-snapshot-store.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import { persistedFlow } from '../support/persisted-flow.js';

const flow = persistedFlow;

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-store-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

async function storeError(promise: Promise<unknown>): Promise<SnapshotStoreError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SnapshotStoreError);
  return error as SnapshotStoreError;
}

describe('file snapshot store', () => {
  it('saves, loads and deletes a flow; an unknown key loads as nothing', async () => {
    const store = createFileSnapshotStore({ directory: join(directory, 'nested') });
    await expect(store.load('ref-1')).resolves.toBeUndefined();
    await store.save('ref-1', flow('polling'));
    await store.save('ref-1', flow('liveness'));
    await expect(store.load('ref-1')).resolves.toEqual(flow('liveness'));
    await store.delete('ref-1');
    await expect(store.load('ref-1')).resolves.toBeUndefined();
    await store.delete('ref-1');
  });

  it('keeps saves of one key in order when they are not awaited', async () => {
    const store = createFileSnapshotStore({ directory });
    const saves = ['a', 'b', 'c', 'd', 'e'].map((state) => store.save('k', flow(state)));
    await Promise.all(saves);
    await expect(store.load('k')).resolves.toEqual(flow('e'));
    expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps keys apart, even keys that are not file names', async () => {
    const store = createFileSnapshotStore({ directory });
    await store.save('a/b', flow('one'));
    await store.save('a:b', flow('two'));
    await expect(store.load('a/b')).resolves.toEqual(flow('one'));
    await expect(store.load('a:b')).resolves.toEqual(flow('two'));
  });

  it('keeps a flow whose key is as long as a customer’s ids may be, each key apart', async () => {
    // flowKeyOf of a customer at ID_LIMITS: a 128-character referenceId with a 128-character
    // customerId (or a 320-character email), past what one file name may hold.
    const long = (tail: string) => JSON.stringify(['r'.repeat(128), `${'c'.repeat(127)}${tail}`]);
    const store = createFileSnapshotStore({ directory });
    await store.save(long('1'), flow('one'));
    await store.save(long('2'), flow('two'));
    const taken = await storeError(store.save(long('1'), flow('three'), { onlyNew: true }));
    expect(taken.code).toBe('SNAPSHOT_OWNER');
    await expect(store.load(long('1'))).resolves.toEqual(flow('one'));
    await expect(store.load(long('2'))).resolves.toEqual(flow('two'));
    await store.delete(long('1'));
    await expect(store.load(long('1'))).resolves.toBeUndefined();
    // Short keys keep the names they always had, so that flows saved before resume.
    await store.save('ref-1', flow('short'));
    expect(await readdir(directory)).toContain('ref-1.json');
  });

  it('saves again once its directory, removed under a running process, can be made again', async () => {
    const flows = join(directory, 'flows');
    const store = createFileSnapshotStore({ directory: flows });
    await store.save('k', flow('first'));
    // A clean-up of temporary directories, an operator tidying up.
    await rm(flows, { recursive: true });
    await store.save('k', flow('second'));
    await expect(store.load('k')).resolves.toEqual(flow('second'));
  });

  it('fails a delete it cannot do with a typed error naming the file', async () => {
    await mkdir(join(directory, 'k.json', 'inside'), { recursive: true });
    const store = createFileSnapshotStore({ directory });
    const error = await storeError(store.delete('k'));
    expect(error.code).toBe('SNAPSHOT_IO');
    expect(error.message).toContain(join(directory, 'k.json'));
    expect(error.message).toMatch(/cannot be deleted \((EISDIR|EPERM)\)/);
  });

  it('writes files only their owner can read', async () => {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('x'));
    expect((await stat(join(directory, 'k.json'))).mode & 0o077).toBe(0);
  });

  it('leaves the old snapshot whole when a crash interrupts the write of the new one', async () => {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('old'));
    // A crash halfway through writing: half the bytes reach the disk, then nothing more.
    const crashing = createFileSnapshotStore({
      directory,
      fs: {
        open: async (...args: Parameters<typeof fsPromises.open>) => {
          const handle = await fsPromises.open(...args);
          return Object.assign(Object.create(handle), {
            writeFile: async (data: string) => {
              await handle.write(data.slice(0, data.length / 2));
              throw new Error('simulated crash');
            },
            close: () => handle.close(),
            sync: () => handle.sync(),
          });
        },
      },
    });
    expect((await storeError(crashing.save('k', flow('new')))).code).toBe('SNAPSHOT_IO');
    await expect(store.load('k')).resolves.toEqual(flow('old'));
  });

  it('leaves the old snapshot whole when a crash comes between the write and the rename', async () => {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('old'));
    const crashing = createFileSnapshotStore({
      directory,
      fs: {
        rename: async () => {
          throw new Error('simulated crash');
        },
        // The crash also prevents any clean-up.
        unlink: async () => {
          throw new Error('simulated crash');
        },
      },
    });
    await storeError(crashing.save('k', flow('new')));
    expect((await readdir(directory)).some((name) => name.endsWith('.tmp'))).toBe(true);
    await expect(store.load('k')).resolves.toEqual(flow('old'));
    await store.save('k', flow('after'));
    await expect(store.load('k')).resolves.toEqual(flow('after'));
  });

  it('fails a save with a typed error and no temporary file when a directory stands in its place', async () => {
    await mkdir(join(directory, 'k.json', 'inside'), { recursive: true });
    const store = createFileSnapshotStore({ directory });
    const error = await storeError(store.save('k', flow('new')));
    expect(error.code).toBe('SNAPSHOT_IO');
    expect(error.retryable).toBe(true);
    expect(await readdir(directory)).toEqual(['k.json']);
  });

  it('saves once its directory can be made, after a save that could not make it', async () => {
    const blocked = join(directory, 'flows');
    // A file where the store's directory goes: no directory, no save.
    await writeFile(blocked, 'not a directory');
    const store = createFileSnapshotStore({ directory: blocked });
    expect((await storeError(store.save('k', flow('first')))).code).toBe('SNAPSHOT_IO');
    await rm(blocked);
    await store.save('k', flow('second'));
    await expect(store.load('k')).resolves.toEqual(flow('second'));
  });

  it('refuses a corrupt file with a typed error instead of starting over', async () => {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('x'));
    const path = join(directory, 'k.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length - 10));
    const error = await storeError(store.load('k'));
    expect(error.code).toBe('SNAPSHOT_CORRUPT');
    expect(error.message).toContain(path);

    await writeFile(path, JSON.stringify({ hello: 'world' }));
    expect((await storeError(store.load('k'))).code).toBe('SNAPSHOT_CORRUPT');
  });

  it('refuses a snapshot of another version or another key', async () => {
    const store = createFileSnapshotStore({ directory });
    const path = join(directory, 'k.json');
    await store.save('k', flow('x'));
    const file = JSON.parse(await readFile(path, 'utf8'));

    await writeFile(path, JSON.stringify({ ...file, persisted: { version: 2, snapshot: {} } }));
    expect((await storeError(store.load('k'))).code).toBe('SNAPSHOT_VERSION');

    await writeFile(path, JSON.stringify({ ...file, formatVersion: 9 }));
    expect((await storeError(store.load('k'))).code).toBe('SNAPSHOT_VERSION');

    const shared = createFileSnapshotStore({ directory, fileName: () => 'k.json' });
    await writeFile(path, JSON.stringify(file));
    expect((await storeError(shared.load('other'))).code).toBe('SNAPSHOT_KEY');
  });
});

describe('a snapshot a later kyc-flow saved (a rolling deploy)', () => {
  /** Saves a real flow, then rewrites its file as `edit` says, and loads it. */
  async function loadRewritten(edit: (file: Record<string, unknown>) => Record<string, unknown>) {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('ref-1'));
    const path = join(directory, 'k.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify(edit(file)));
    return storeError(store.load('k'));
  }
  const futureState = (file: Record<string, unknown>) => {
    const persisted = file.persisted as { snapshot: Record<string, unknown> };
    return {
      ...file,
      persisted: { ...persisted, snapshot: { ...persisted.snapshot, value: 'videoCall' } },
    };
  };

  it('is told apart from a broken one when it names a newer version: SNAPSHOT_NEWER, naming both', async () => {
    const error = await loadRewritten((file) => ({ ...futureState(file), writtenBy: '99.1.0' }));
    expect(error).toMatchObject({ code: 'SNAPSHOT_NEWER', retryable: false });
    expect(error.message).toMatch(
      /saved by kyc-flow 99\.1\.0, newer than this build \(\d+\.\d+\.\d+/,
    );
    const later = await loadRewritten((file) => ({
      ...file,
      formatVersion: 2,
      writtenBy: '99.0.0',
    }));
    expect(later.code).toBe('SNAPSHOT_NEWER');
  });

  it('stays corrupt when saved by this version, an older one, or none named', async () => {
    for (const writtenBy of [undefined, '0.0.1', 'unknown', 42]) {
      const error = await loadRewritten((file) => ({ ...futureState(file), writtenBy }));
      expect(error.code).toBe('SNAPSHOT_CORRUPT');
    }
  });

  it('records the version that saved it', async () => {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('ref-1'));
    const file = JSON.parse(await readFile(join(directory, 'k.json'), 'utf8'));
    const manifest = JSON.parse(await readFile('package.json', 'utf8'));
    expect(file.writtenBy).toBe(manifest.version);
  });
});

describe('file snapshot store: forged and damaged files', () => {
  /** Saves a real flow under `k`, applies `edit` to the file's persisted flow, then loads it. */
  async function loadEdited(edit: (snapshot: Record<string, unknown>) => void) {
    const store = createFileSnapshotStore({ directory });
    await store.save('k', flow('ref-1'));
    const path = join(directory, 'k.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    edit(file.persisted.snapshot);
    await writeFile(path, JSON.stringify(file));
    return storeError(store.load('k'));
  }

  it.each([
    [
      'a context emptied to {}',
      (s: Record<string, unknown>) => {
        s.context = {};
      },
      'persisted.snapshot.context.referenceId',
    ],
    [
      'a flow forged to completed without an outcome',
      (s: Record<string, unknown>) => {
        s.value = 'completed';
        s.status = 'done';
      },
      'persisted.snapshot.context.outcome: required in the final state "completed"',
    ],
    [
      'a final state still marked active',
      (s: Record<string, unknown>) => {
        s.value = 'failed';
      },
      'persisted.snapshot.status',
    ],
    [
      'a state the chart does not have',
      (s: Record<string, unknown>) => {
        s.value = { tracking: 'approvedByMe' };
      },
      'persisted.snapshot.value: "tracking.approvedByMe" is not a state of the chart',
    ],
    [
      'a tracked flow without its execution',
      (s: Record<string, unknown>) => {
        s.value = { tracking: 'polling' };
        (s.context as Record<string, unknown>).customerId = 'C_1';
      },
      'persisted.snapshot.context.executionId: required in "tracking"',
    ],
    [
      'a field of the wrong type',
      (s: Record<string, unknown>) => {
        (s.context as Record<string, unknown>).answered = 'all of them';
      },
      'persisted.snapshot.context.answered',
    ],
    [
      'an actor the chart does not invoke',
      (s: Record<string, unknown>) => {
        s.children = { evil: { src: 'runShell', snapshot: {} } };
      },
      'persisted.snapshot.children.evil.src: not an actor of the chart',
    ],
    [
      'a snapshot that is null',
      (s: Record<string, unknown>) => {
        for (const key of Object.keys(s)) delete s[key];
      },
      'persisted.snapshot.status',
    ],
  ])('refuses %s, naming the field', async (_, edit, named) => {
    const error = await loadEdited(edit);
    expect(error.code).toBe('SNAPSHOT_CORRUPT');
    expect(error.message).toContain(named);
  });

  it('refuses a FIFO or a directory at once, without waiting for a writer', async () => {
    const fifo = join(directory, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const store = createFileSnapshotStore({ directory, fileName: () => 'fifo.json' });
    const error = await storeError(store.load('k'));
    expect(error.code).toBe('SNAPSHOT_NOT_A_FILE');
    expect(error.message).toContain('FIFO');

    await mkdir(join(directory, 'dir.json'));
    const dir = createFileSnapshotStore({ directory, fileName: () => 'dir.json' });
    expect((await storeError(dir.load('k'))).message).toContain('is a directory');
  });
});

describe('memory snapshot store', () => {
  it('hands back copies, never the saved object', async () => {
    const store = createMemorySnapshotStore();
    const saved = flow('x');
    await store.save('k', saved);
    const loaded = await store.load('k');
    expect(loaded).toEqual(saved);
    expect(loaded).not.toBe(saved);
    await store.delete('k');
    await expect(store.load('k')).resolves.toBeUndefined();
  });
});
