import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { killCli, runCli, startCli } from '../support/cli.js';
import { PLANTED, writePlantedProfile } from '../support/planted-profile.js';

/**
 * `kyc-flow show <state-file>`: a developer looking at a stuck flow sees where it stands and
 * what the next run will do, with nothing sent and nothing personal printed.
 */

let directory: string;
let profile: string;
let stateFile: string;
let executionId: string;
let ocrName: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-show-'));
  profile = await writePlantedProfile(directory, (p) => {
    (p.customer as Record<string, string>).customerId = 'C_shown_001+manual-review';
  });
  stateFile = join(directory, 'review.json');
  const run = await runCli([
    'run',
    '--speed',
    '50',
    '--profile',
    profile,
    '--state-file',
    stateFile,
  ]);
  expect(run.code).toBe(EXIT_CODES.pendingReview);
  const saved = JSON.parse(await readFile(stateFile, 'utf8'));
  executionId = saved.persisted.snapshot.context.executionId;
  ocrName = saved.persisted.snapshot.context.ocr.result.name;
}, 60_000);
afterAll(() => rm(directory, { recursive: true, force: true }));

const personal = () => [PLANTED.email, PLANTED.phone, PLANTED.name, ocrName];

describe('kyc-flow show', () => {
  it('tells where a flow waiting on review stands and what the next run does, nothing personal', async () => {
    const shown = await runCli(['show', stateFile]);
    expect(shown.code).toBe(EXIT_CODES.approved);
    expect(shown.stdout).toContain('on embedded sandbox');
    expect(shown.stdout).toContain('none drives it now');
    expect(shown.stdout).toContain(`execution ${executionId}`);
    expect(shown.stdout).toMatch(/step +pendingReview/);
    expect(shown.stdout).toContain('flow_action_manual_review');
    expect(shown.stdout).toMatch(/next .*asks the gateway once for the decision/);
    for (const value of personal()) expect(shown.stdout).not.toContain(value);

    const json = await runCli(['show', stateFile, '--json']);
    expect(json.code).toBe(EXIT_CODES.approved);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({
      gateway: 'embedded sandbox',
      view: { step: 'pendingReview', executionId, node: { nodeType: 'flow_action_manual_review' } },
    });
    for (const value of personal()) expect(json.stdout).not.toContain(value);
  });

  it('shows the error a flow stopped on, blotting out what the snapshot holds as personal', async () => {
    const saved = JSON.parse(await readFile(stateFile, 'utf8'));
    saved.persisted.snapshot.context.error = {
      code: 'CONTRACT_BROKEN',
      message: `the gateway said: no record of ${ocrName} (${PLANTED.phone})`,
      retryable: false,
    };
    const stopped = join(directory, 'stopped.json');
    await writeFile(stopped, JSON.stringify(saved));
    const shown = await runCli(['show', stopped]);
    expect(shown.code).toBe(EXIT_CODES.approved);
    expect(shown.stdout).toMatch(
      /error +CONTRACT_BROKEN: the gateway said: no record of \[redacted\]/,
    );
    for (const value of personal()) expect(shown.stdout).not.toContain(value);
  });

  it('names the run that drives the flow now, without waiting for its lock', async () => {
    const busy = join(directory, 'busy.json');
    // Slow enough to be caught mid-flow: the sandbox at its own pace.
    const running = startCli(['run', '--speed', '1', '--profile', profile, '--state-file', busy]);
    try {
      let shown = await runCli(['show', busy]);
      while (shown.code !== EXIT_CODES.approved && !running.exited()) {
        await new Promise((settle) => setTimeout(settle, 100));
        shown = await runCli(['show', busy]);
      }
      expect(shown.stdout).toContain(`a run drives it now: pid ${running.child.pid}`);
    } finally {
      killCli(running.child);
      await running.result;
    }
  }, 60_000);

  it('refuses what is no state file with exit 2, naming why, before anything else', async () => {
    const missing = await runCli(['show', join(directory, 'none.json')]);
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.stderr).toContain('no such state file');

    const damaged = join(directory, 'damaged.json');
    const saved = JSON.parse(await readFile(stateFile, 'utf8'));
    saved.persisted.snapshot.value = 'nowhere';
    await writeFile(damaged, JSON.stringify(saved));
    const refused = await runCli(['show', damaged]);
    expect(refused.code).toBe(EXIT_CODES.usage);
    expect(refused.stderr).toMatch(/SNAPSHOT_CORRUPT: .*persisted\.snapshot\.value/);

    const unknown = await runCli(['show', stateFile, '--verbose']);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.stderr).toContain('--verbose');
  });

  it('with --json, an error is one JSON object on stdout (code, exitCode, message), as a script parses it', async () => {
    const errorLine = (stdout: string) => {
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      return JSON.parse(lines[0] ?? '');
    };
    const missing = await runCli(['show', '--json', join(directory, 'none.json')]);
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(errorLine(missing.stdout)).toEqual({
      type: 'error',
      code: 'USAGE',
      exitCode: EXIT_CODES.usage,
      message: `${join(directory, 'none.json')}: no such state file`,
    });
    // The same on stderr, for the person reading the terminal.
    expect(missing.stderr).toContain('no such state file');

    // An unknown option beside --json: the options could not be read, and still JSON.
    const unknown = await runCli(['show', stateFile, '--json', '--verbose']);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(errorLine(unknown.stdout)).toMatchObject({ type: 'error', code: 'USAGE' });

    const run = await runCli(['run', '--json', '--scenario', 'nope']);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(errorLine(run.stdout)).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('--scenario'),
    });

    // Without --json, stdout stays empty: the message is on stderr alone.
    expect((await runCli(['show', join(directory, 'none.json')])).stdout).toBe('');
  }, 30_000);
});
