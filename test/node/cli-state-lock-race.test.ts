import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

/**
 * Runs started at once on one state file whose lock a killed run left behind (a cron job
 * overlapping itself after a crash): exactly one takes the lock over and drives the flow.
 * Two got through now and then: the second one's removal of the stale lock took the lock the
 * first had just made.
 */

const LOCK = resolve('src/adapters/node/cli/state-lock.ts');
const RUNS = 8;
const ROUNDS = 4;
const directory = mkdtempSync(join(tmpdir(), 'kyc-lock-race-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * One process that tries to lock `path` once `go` exists (every contender started: a slow
 * spawn must not come after the winner let go), says whether it got it, and holds it until
 * `done` exists (every contender has answered).
 */
const contender = (path: string, go: string, done: string) => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { existsSync } from 'node:fs';
       import { lockStateFile } from ${JSON.stringify(LOCK)};
       const until = async (file) => { while (!existsSync(file)) await new Promise((wait) => setTimeout(wait, 10)); };
       console.log('ready');
       await until(${JSON.stringify(go)});
       try {
         const release = await lockStateFile(${JSON.stringify(path)});
         console.log('got');
         await until(${JSON.stringify(done)});
         await release();
       } catch { console.log('refused'); }`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { said: () => out.split('\n').filter(Boolean), closed };
};

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((wait) => setTimeout(wait, 20));
};

it(`lets exactly one of ${RUNS} runs take over a stale lock, round after round`, async () => {
  for (let round = 0; round < ROUNDS; round += 1) {
    const path = join(directory, `flow-${round}.json`);
    // Left by a run killed with kill -9: a pid that runs nothing, on this machine.
    writeFileSync(`${path}.lock`, `999999 ${hostname()}\n`);
    const [go, done] = [`${path}.go`, `${path}.done`];
    const runs = Array.from({ length: RUNS }, () => contender(path, go, done));
    await until(() => runs.every((run) => run.said().includes('ready')));
    writeFileSync(go, '');
    await until(() => runs.every((run) => run.said().length === 2));
    writeFileSync(done, '');
    await Promise.all(runs.map((run) => run.closed));
    const outcomes = runs.map((run) => run.said()[1]);
    expect(outcomes.filter((outcome) => outcome === 'got')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(RUNS - 1);
  }
  // Nothing left aside: only what the rounds' state files would be.
  expect(readdirSync(directory).filter((name) => name.includes('.lock.'))).toEqual([]);
}, 60_000);
