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

/** One process that tries to lock `path`, holds it a while if it got it, and says which. */
const contender = (path: string) =>
  new Promise<string>((done) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { lockStateFile } from ${JSON.stringify(LOCK)};
         try {
           const release = await lockStateFile(${JSON.stringify(path)});
           await new Promise((wait) => setTimeout(wait, 1500));
           await release();
           console.log('got');
         } catch { console.log('refused'); }`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
    });
    child.on('close', () => done(out.trim()));
  });

it(`lets exactly one of ${RUNS} runs take over a stale lock, round after round`, async () => {
  for (let round = 0; round < ROUNDS; round += 1) {
    const path = join(directory, `flow-${round}.json`);
    // Left by a run killed with kill -9: a pid that runs nothing, on this machine.
    writeFileSync(`${path}.lock`, `999999 ${hostname()}\n`);
    const outcomes = await Promise.all(Array.from({ length: RUNS }, () => contender(path)));
    expect(outcomes.filter((outcome) => outcome === 'got')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(RUNS - 1);
  }
  // Nothing left aside: only what the rounds' state files would be.
  expect(readdirSync(directory).filter((name) => name.includes('.lock.'))).toEqual([]);
}, 60_000);
