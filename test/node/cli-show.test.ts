import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { gatewayArgs, killCli, runCli, sandboxSpeedEnv, startCli } from '../support/cli.js';
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

  it('tells the node and the answer a suspended flow holds, and that the next run sends it once', async () => {
    const sandbox = await startSandbox({
      speed: 50,
      scenario: { name: 'particulars-only', steps: ['particulars'], outcome: 'APPROVED' },
    });
    try {
      const particulars = 'workflow.kyc.particular.data';
      sandbox.injectFaults({ kind: 'http-503', method: particulars, times: 1_000 });
      const held = join(directory, 'held.json');
      const own = await writePlantedProfile(directory);
      const args = ['run', ...gatewayArgs(sandbox), '--profile', own, '--state-file', held];
      const stuck = await runCli([...args, '--max-suspended', '1'], sandboxSpeedEnv(50));
      expect(stuck.code, stuck.stderr).toBe(EXIT_CODES.suspended);

      const shown = await runCli(['show', held]);
      expect(shown.code).toBe(EXIT_CODES.approved);
      expect(shown.stdout).toMatch(/node +flow_action_individual_particular .*callbackKey kyc:/);
      expect(shown.stdout).toMatch(
        /answer +SUBMIT_PARTICULARS for kyc:\S+: not known to be taken .*the next run sends it again under the same callbackKey/,
      );
      expect(shown.stdout).toMatch(/history .*suspended since/);
      // Saved while sending it (where the run gave up depends on timing: set here), the next
      // run's first call is that answer, not a status read.
      const saved = JSON.parse(await readFile(held, 'utf8'));
      const { snapshot } = saved.persisted;
      const { executionId, referenceId, submission } = snapshot.context;
      snapshot.value = { tracking: { particulars: 'submitting' } };
      snapshot.children = {
        submitParticulars: {
          snapshot: {
            status: 'active',
            input: {
              executionId,
              referenceId,
              callbackKey: submission.callbackKey,
              personData: submission.event.personData,
            },
          },
          src: 'submitParticulars',
          syncSnapshot: false,
        },
      };
      const sending = join(directory, 'sending.json');
      await writeFile(sending, JSON.stringify(saved));
      const whileSending = await runCli(['show', sending]);
      expect(whileSending.stdout, whileSending.stderr).toMatch(
        /state tracking\.particulars\.submitting/,
      );
      expect(whileSending.stdout).toMatch(
        /next .*sends the answer it holds \(SUBMIT_PARTICULARS\) again first, under the same callbackKey kyc:\S+, which the gateway applies once; then it reads the execution/,
      );
      for (const value of personal()) expect(shown.stdout).not.toContain(value);
      const json = JSON.parse((await runCli(['show', held, '--json'])).stdout);
      expect(json.history.held).toMatchObject({ answer: 'SUBMIT_PARTICULARS', taken: false });

      // Doing what it says: the answer goes again and takes effect once.
      sandbox.clearFaults();
      const done = await runCli(args, sandboxSpeedEnv(50));
      expect(done.code, done.stderr).toBe(EXIT_CODES.approved);
      const { effects, starts } = sandbox.stats();
      expect(starts).toBe(1);
      expect(Object.values(effects).every((count) => count === 1)).toBe(true);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('tells a locked one-time code, and that the next run needs another code and sends one', async () => {
    const wrong = await writePlantedProfile(directory, (p) => {
      p.otp = { code: '000000' };
    });
    const locked = join(directory, 'locked.json');
    for (const code of ['000000', '000001', '000002']) {
      // Another wrong code each time: the same one is not sent again.
      const next = JSON.parse(await readFile(wrong, 'utf8'));
      await writeFile(wrong, JSON.stringify({ ...next, otp: { code } }));
      const args = ['run', '--speed', '50', '--profile', wrong, '--state-file', locked];
      const refused = await runCli(args);
      expect(refused.code, refused.stderr).toBe(EXIT_CODES.profileCannotAnswer);
    }
    const shown = await runCli(['show', locked]);
    expect(shown.stdout).toMatch(/otp +email: 1 code sent, 0 attempts left/);
    expect(shown.stdout).toMatch(
      /next .*one-time code changed .*has a new code sent to the customer/,
    );
    expect(shown.stdout).not.toContain('with the profile it started with');
  }, 60_000);

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
