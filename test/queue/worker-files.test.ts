import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { privateDirectory } from '../../src/adapters/queue/worker-files.js';

/**
 * A worker copies carried files (identity documents, selfies) to a private directory and
 * removes it when it closes; one killed with `kill -9` cannot. The next worker on the
 * machine removes what such a worker left behind, and nothing of a worker still running.
 */

const parents: string[] = [];
afterEach(() => {
  for (const parent of parents.splice(0)) rmSync(parent, { recursive: true, force: true });
});

/** A process that ran and is gone: its pid runs nothing now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

it("removes the file directories of killed workers, and keeps a running one's", async () => {
  const parent = mkdtempSync(join(tmpdir(), 'kyc-worker-files-'));
  parents.push(parent);
  const dead = join(parent, `kyc-flow-files-${await deadPid()}-abc123`);
  mkdirSync(join(dead, 'digest'), { recursive: true });
  writeFileSync(join(dead, 'digest', 'passport.jpg'), 'a photo of a passport');
  const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']);
  try {
    const running = join(parent, `kyc-flow-files-${live.pid}-def456`);
    mkdirSync(running);
    const unrelated = join(parent, 'kyc-flow-files-abc123');
    mkdirSync(unrelated);

    const directory = privateDirectory(parent);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    expect(directory.path.startsWith(join(parent, `kyc-flow-files-${process.pid}-`))).toBe(true);
    await directory.remove();
    expect(existsSync(directory.path)).toBe(false);
  } finally {
    live.kill('SIGKILL');
  }
});
