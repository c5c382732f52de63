import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockStateFile } from '../../src/adapters/node/cli/state-lock.js';
import { UsageError } from '../../src/adapters/node/cli/usage-error.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-lock-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Above Linux's largest pid (2^22): no process has it. */
const GONE_PID = 4_194_305;

describe('the lock beside a state file', () => {
  it('is taken with this pid and this machine, and let go', async () => {
    const state = join(directory, 'taken.json');
    const release = await lockStateFile(state);
    expect((await readFile(`${state}.lock`, 'utf8')).trim()).toBe(`${process.pid} ${hostname()}`);
    await release();
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('is refused while a running process holds it, naming that process', async () => {
    const state = join(directory, 'held.json');
    await writeFile(`${state}.lock`, `${process.ppid}\n`);
    const refusal = await lockStateFile(state).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UsageError);
    expect(String(refusal)).toContain(`another kyc-flow run (pid ${process.ppid})`);
    expect((await readFile(`${state}.lock`, 'utf8')).trim()).toBe(String(process.ppid));
  });

  it('is taken over from a process that is gone', async () => {
    const state = join(directory, 'stale.json');
    await writeFile(`${state}.lock`, `${GONE_PID}\n`);
    const release = await lockStateFile(state);
    expect((await readFile(`${state}.lock`, 'utf8')).trim()).toBe(`${process.pid} ${hostname()}`);
    await release();
    // The same, named on this machine.
    await writeFile(`${state}.lock`, `${GONE_PID} ${hostname()}\n`);
    const again = await lockStateFile(state);
    await again();
  });

  it('taken on another machine (a shared disk): refused, whatever runs here, saying how to clear it', async () => {
    const state = join(directory, 'elsewhere.json');
    const lock = `${GONE_PID} build-agent-7\n`;
    await writeFile(`${state}.lock`, lock);
    const refusal = await lockStateFile(state).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UsageError);
    expect(String(refusal)).toContain(
      `another kyc-flow run (pid ${GONE_PID} on build-agent-7; if that run is gone, remove ${state}.lock)`,
    );
    expect(await readFile(`${state}.lock`, 'utf8')).toBe(lock);
  });

  it('with no pid in it yet, is being taken: refused while fresh, taken over once old', async () => {
    const state = join(directory, 'empty.json');
    await writeFile(`${state}.lock`, '');
    await expect(lockStateFile(state)).rejects.toThrow(/another kyc-flow run \(starting\)/);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${state}.lock`, old, old);
    const release = await lockStateFile(state);
    await release();
  });
});
