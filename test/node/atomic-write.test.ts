import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFile,
  replaceFile,
  replaceFileSync,
  temporaryPathOf,
} from '../../src/adapters/node/atomic-write.js';
import { openSandboxMemory } from '../../src/adapters/node/cli/sandbox-memory-file.js';
import type { SandboxMemory } from '../../src/sandbox/memory.js';

/**
 * Writes through a temporary file renamed over the target, on a real file system. A write
 * or rename that fails (here: a directory stands where the file goes, so the rename fails
 * with EISDIR or ENOTEMPTY) leaves no `*.tmp` behind, and throws the file system's own error.
 */

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-atomic-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const temporaries = async (folder = directory) =>
  (await readdir(folder)).filter((name) => name.endsWith('.tmp'));

/** A non-empty directory where `name` should be written: no file can be renamed over it. */
async function directoryInPlaceOf(name: string): Promise<string> {
  const path = join(directory, name);
  await mkdir(path);
  await writeFile(join(path, 'inside'), 'kept');
  return path;
}

const fsCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

describe('replaceFile', () => {
  it('replaces a file whole, readable by its owner only, with nothing left beside it', async () => {
    const path = join(directory, 'flow.json');
    await writeFile(path, 'old');
    await replaceFile(path, 'new', { mode: 0o600, flush: true });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o077).toBe(0);
    expect(await readdir(directory)).toEqual(['flow.json']);
  });

  it('removes its temporary file when the rename fails, and throws the rename’s error', async () => {
    const path = await directoryInPlaceOf('flow.json');
    const error = await replaceFile(path, 'new', { mode: 0o600 }).catch((caught) => caught);
    expect(['EISDIR', 'ENOTEMPTY']).toContain(fsCode(error));
    expect(await temporaries()).toEqual([]);
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
  });
});

describe('createFile', () => {
  it('writes a file only where none is, whole, owner-only, with nothing left beside it', async () => {
    const path = join(directory, 'flow.json');
    await expect(createFile(path, 'first', { mode: 0o600, flush: true })).resolves.toBe(true);
    await expect(createFile(path, 'second', { mode: 0o600, flush: true })).resolves.toBe(false);
    expect(await readFile(path, 'utf8')).toBe('first');
    expect((await stat(path)).mode & 0o077).toBe(0);
    expect(await readdir(directory)).toEqual(['flow.json']);
  });

  it('does the same where the file system makes no hard links', async () => {
    const path = join(directory, 'flow.json');
    const link = async () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    const fs = { link };
    await expect(createFile(path, 'first', { mode: 0o600, fs })).resolves.toBe(true);
    await expect(createFile(path, 'second', { mode: 0o600, fs })).resolves.toBe(false);
    expect(await readFile(path, 'utf8')).toBe('first');
    expect(await readdir(directory)).toEqual(['flow.json']);
  });

  it('throws what the system said for any other trouble, leaving nothing behind', async () => {
    const path = join(directory, 'flow.json');
    const link = async () => {
      throw Object.assign(new Error('i/o error'), { code: 'EIO' });
    };
    const error = await createFile(path, 'x', { mode: 0o600, fs: { link } }).catch(
      (caught: unknown) => caught,
    );
    expect(fsCode(error)).toBe('EIO');
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('replaceFileSync', () => {
  it('removes its temporary file when the rename fails, and throws the rename’s error', async () => {
    const path = await directoryInPlaceOf('memory.json');
    let error: unknown;
    try {
      replaceFileSync(path, '{}', { mode: 0o600 });
    } catch (caught) {
      error = caught;
    }
    expect(['EISDIR', 'ENOTEMPTY']).toContain(fsCode(error));
    expect(await temporaries()).toEqual([]);
  });
});

it('names each temporary file afresh: no two writers of one file (same pid or not) share one', () => {
  const names = new Set(Array.from({ length: 1_000 }, () => temporaryPathOf('/x/flow.json')));
  expect(names.size).toBe(1_000);
  for (const name of names) expect(name).toMatch(new RegExp(`^/x/flow\\.json\\.${process.pid}\\.`));
});

describe('the sandbox memory beside a state file', () => {
  const memory = { executions: [] } as unknown as SandboxMemory;

  it('leaves no temporary file when it cannot be written, and says why', async () => {
    const statePath = join(directory, 'flow.json');
    const file = openSandboxMemory(statePath);
    await directoryInPlaceOf('flow.json.sandbox.json');
    expect(() => file.write(memory)).toThrow(/EISDIR|ENOTEMPTY/);
    expect(await temporaries()).toEqual([]);
  });

  it('leaves no temporary file for a memory that cannot be serialised', async () => {
    const file = openSandboxMemory(join(directory, 'flow.json'));
    const unserialisable = { executions: [], count: 1n } as unknown as SandboxMemory;
    expect(() => file.write(unserialisable)).toThrow(TypeError);
    expect(await temporaries()).toEqual([]);
  });
});
