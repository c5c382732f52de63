import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  gatewayArgs,
  jsonLines,
  killCli,
  runCli,
  sandboxSpeedEnv,
  startCli,
} from '../support/cli.js';
import { PLANTED, writePlantedProfile } from '../support/planted-profile.js';
import { untilAnswered } from '../support/state-file.js';

let directory: string;
let profile: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-cli-'));
  profile = await writePlantedProfile(directory);
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const SCENARIOS = [
  ['full', EXIT_CODES.approved, 'completed'],
  ['minimal', EXIT_CODES.approved, 'completed'],
  ['ocr-failure', EXIT_CODES.approved, 'completed'],
  ['manual-review', EXIT_CODES.pendingReview, 'pendingReview'],
  ['rejected', EXIT_CODES.rejected, 'completed'],
  ['failed', EXIT_CODES.failed, 'failed'],
  ['timeout', EXIT_CODES.timedOut, 'timedOut'],
  ['cancelled', EXIT_CODES.cancelled, 'cancelled'],
] as const;

describe.concurrent('kyc-flow run on the embedded sandbox', () => {
  it.each(SCENARIOS)(
    '--scenario %s ends with exit code %i, NDJSON without personal data',
    async (scenario, code, status) => {
      const result = await runCli([
        'run',
        '--scenario',
        scenario,
        '--speed',
        '50',
        '--json',
        '--profile',
        profile,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(code);
      const events = jsonLines(result.stdout);
      const done = events.at(-1);
      expect(done).toMatchObject({ type: 'done', outcome: { status } });
      expect(events.filter((event) => event.type === 'started')).toHaveLength(1);
      const output = result.stdout + result.stderr;
      for (const planted of Object.values(PLANTED)) expect(output).not.toContain(planted);
    },
    60_000,
  );

  it('prints the outcome last in plain mode and decides a review when asked', async () => {
    const result = await runCli([
      'run',
      '--scenario',
      'manual-review',
      '--decide',
      'REJECTED',
      '--speed',
      '50',
      '--profile',
      profile,
    ]);
    expect(result.code).toBe(EXIT_CODES.rejected);
    expect(result.stdout).toMatch(/^REJECTED \(execution exec-[\w-]+\)\n$/);
    expect(result.stderr).toContain('pending review');
    // Decided within the run: nothing was saved, so nothing is resumed.
    expect(result.stderr).toContain('deciding the review in the sandbox: REJECTED');
    expect(result.stderr).not.toContain('resuming');
    for (const planted of Object.values(PLANTED)) expect(result.stderr).not.toContain(planted);
  }, 60_000);

  it('a review stopped in a --scenario resumes as its hint says, with no --scenario', async () => {
    const state = join(directory, 'review-scenario.json');
    const scenarios = join(directory, 'review-only.json');
    const reviewOnly = { name: 'review-only', steps: ['manualReview'], outcome: 'APPROVED' };
    await writeFile(scenarios, JSON.stringify([reviewOnly]));
    const args = ['run', '--speed', '50', '--state-file', state, '--profile', profile];
    const stopped = await runCli([
      ...args,
      '--scenario-file',
      scenarios,
      '--scenario',
      'review-only',
    ]);
    expect(stopped.code).toBe(EXIT_CODES.pendingReview);
    const executionId = /execution (exec-[\w-]+)/.exec(stopped.stdout)?.[1];
    expect(stopped.stderr).toContain('run again with the same --state-file');
    // Not "another customer's": the same customer, tagged by the scenario it began in.
    const resumed = await runCli([...args, '--decide', 'APPROVED']);
    expect(resumed.stderr).not.toContain('kyc-flow run:');
    expect(resumed.stderr).toContain('scenario review-only)');
    expect(resumed.code).toBe(EXIT_CODES.approved);
    expect(resumed.stdout).toBe(`APPROVED (execution ${executionId})\n`);
  }, 60_000);
});

describe('kyc-flow run with a profile that cannot answer a node', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 50 });
  });
  afterAll(() => sandbox.close());
  const stateFile = () => join(directory, `state-${Math.random().toString(36).slice(2)}.json`);
  const withoutDocuments = () =>
    writePlantedProfile(directory, (p) => {
      p.documents = [];
    });

  it('exits 19 naming the field, keeps the flow, and carries on once the profile can', async () => {
    const state = stateFile();
    const args = ['run', ...gatewayArgs(sandbox), '--state-file', state, '--profile'];
    const stuck = await runCli([...args, await withoutDocuments()], sandboxSpeedEnv(50));
    expect(stuck.code).toBe(EXIT_CODES.profileCannotAnswer);
    expect(stuck.stderr).toMatch(
      /the profile cannot answer flow_action_individual_required_document: documents: the profile has no \w+/,
    );
    expect(stuck.stderr).toContain(`run again with ${state}`);
    // The same execution, resumed with a profile that has the documents: no second start.
    const complete = await writePlantedProfile(directory);
    const resumed = await runCli([...args, complete, '--json'], sandboxSpeedEnv(50));
    expect(resumed.code).toBe(EXIT_CODES.approved);
    const events = jsonLines(resumed.stdout);
    expect(events.filter((event) => event.type === 'started')).toHaveLength(0);
    expect(events.some((event) => event.type === 'resumed')).toBe(true);
    expect(sandbox.stats().calls['workflow.apply.submit']).toBe(1);
    expect(Object.values(sandbox.stats().effects).every((count) => count === 1)).toBe(true);
  }, 60_000);

  it('killed mid-flow on the embedded sandbox, a new run carries on the same execution', async () => {
    const state = stateFile();
    const args = ['run', '--speed', '2', '--state-file', state, '--json', '--profile'];
    const profile = await writePlantedProfile(directory);
    const first = startCli([...args, profile]);
    const saved = await untilAnswered(state, 2, first.exited);
    expect(first.exited()).toBe(false);
    // A second run on the same file while the first drives it (a cron job overlapping
    // itself) is refused, naming the run that holds it, and sends nothing.
    const overlapping = await runCli(['run', '--speed', '50', '--state-file', state, '--json']);
    expect(overlapping.code).toBe(EXIT_CODES.usage);
    // (tsx runs the program in a process of its own, whose pid the lock names.)
    expect(overlapping.stderr).toMatch(/another kyc-flow run \(pid \d+\) is driving the flow/);
    // With --json, stdout holds the refusal as one JSON object, never plain text.
    expect(JSON.parse(overlapping.stdout)).toMatchObject({ type: 'error', code: 'USAGE' });
    killCli(first.child);
    expect((await first.result).signal).toBe('SIGKILL');
    const executionId = saved?.persisted.snapshot.context.executionId;
    expect(executionId).toMatch(/^exec-/);
    // What the embedded sandbox remembered lives beside the state file, its owner's alone.
    expect((await stat(`${state}.sandbox.json`)).mode & 0o777).toBe(0o600);

    // Without its profile, the sample one would answer this customer's nodes: refused.
    const unprofiled = await runCli(['run', '--speed', '50', '--state-file', state, '--json']);
    expect(unprofiled.code).toBe(EXIT_CODES.usage);
    expect(unprofiled.stderr).toContain("is another customer's");
    const resumed = await runCli([
      'run',
      '--speed',
      '50',
      '--state-file',
      state,
      '--json',
      '--profile',
      profile,
    ]);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(EXIT_CODES.approved);
    const events = jsonLines(resumed.stdout);
    expect(events.some((event) => event.type === 'started')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      outcome: { status: 'completed', decision: 'APPROVED', executionId },
    });
    // A final outcome lets the sandbox's memory go and leaves the outcome alone in the state
    // file (a run on it again tells it, with no sandbox memory needed); the lock the killed
    // run left was taken over.
    expect(existsSync(`${state}.sandbox.json`)).toBe(false);
    expect(existsSync(`${state}.lock`)).toBe(false);
    expect(await readFile(state, 'utf8')).not.toMatch(/@|"ocr"/);
    const again = await runCli([
      'run',
      '--speed',
      '50',
      '--state-file',
      state,
      '--profile',
      profile,
    ]);
    expect(again.code).toBe(EXIT_CODES.approved);
    expect(again.stdout).toBe(`APPROVED (execution ${executionId})\n`);
  }, 60_000);

  it('without --state-file, says nothing was kept and that a run again begins a second execution', async () => {
    const args = ['run', ...gatewayArgs(sandbox), '--profile', await withoutDocuments()];
    const starts = sandbox.stats().starts;
    const stuck = await runCli(args, sandboxSpeedEnv(50));
    expect(stuck.code).toBe(EXIT_CODES.profileCannotAnswer);
    expect(stuck.stderr).toMatch(
      /nothing of this flow was kept \(no --state-file\): a run again draws a new referenceId, and its start begins a second execution for this customer, leaving execution exec-\w+ where it stands/,
    );
    // As it says: the same customer, another execution.
    expect((await runCli(args, sandboxSpeedEnv(50))).code).toBe(EXIT_CODES.profileCannotAnswer);
    expect(sandbox.stats().starts).toBe(starts + 2);
  }, 60_000);

  it('refuses, before sending anything, a state file whose embedded sandbox is gone', async () => {
    const state = stateFile();
    const args = ['run', '--speed', '50', '--state-file', state, '--profile'];
    const stuck = await runCli([...args, await withoutDocuments()]);
    expect(stuck.code).toBe(EXIT_CODES.profileCannotAnswer);
    await rm(`${state}.sandbox.json`);
    const again = await runCli([...args, await writePlantedProfile(directory)]);
    expect(again.code).toBe(EXIT_CODES.usage);
    expect(again.stderr).toContain(
      `an embedded sandbox that is gone (${state}.sandbox.json is missing)`,
    );
    expect(again.stdout).toBe('');
  }, 60_000);
});

describe('kyc-flow run refuses bad input before sending anything', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 50 });
  });
  afterAll(() => sandbox.close());
  const gateway = () => gatewayArgs(sandbox);

  it.each([
    [
      'a missing required field',
      'person.nationality',
      (p: Record<string, unknown>) => {
        delete (p.person as Record<string, unknown>).nationality;
      },
    ],
    [
      'a date in the wrong format',
      'person.dateOfBirth',
      (p: Record<string, unknown>) => {
        (p.person as Record<string, unknown>).dateOfBirth = '17.07.1977';
      },
    ],
    [
      'an unreadable file',
      'liveness.selfie',
      (p: Record<string, unknown>) => {
        (p.liveness as Record<string, unknown>).selfie = join(directory, 'no-such-selfie.png');
      },
    ],
  ])(
    '%s: usage exit code, the field named',
    async (_, field, edit) => {
      const bad = await writePlantedProfile(directory, edit);
      const result = await runCli(['run', ...gateway(), '--profile', bad]);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toContain(`${field}:`);
      expect(result.stdout).toBe('');
      expect(sandbox.stats().calls).toEqual({});
    },
    30_000,
  );

  it('bad usage: usage exit code and a message saying what is wrong', async () => {
    const speed = await runCli(['run', '--speed', 'zero']);
    expect(speed.code).toBe(EXIT_CODES.usage);
    expect(speed.stderr).toContain('--speed must be a number from 0.001 to 1000000');
    const unknown = await runCli(['run', '--frobnicate']);
    expect(unknown.code).toBe(EXIT_CODES.usage);
    expect(unknown.stderr).toContain('--frobnicate');
    const command = await runCli(['frobnicate']);
    expect(command.code).toBe(EXIT_CODES.usage);
    expect(command.stderr).toContain('unknown command: frobnicate');
    const decide = await runCli(['run', ...gateway(), '--decide', 'APPROVED']);
    expect(decide.code).toBe(EXIT_CODES.usage);
    expect(decide.stderr).toContain('--decide works only with the embedded sandbox');
    expect(sandbox.stats().calls).toEqual({});
  }, 30_000);
});

describe('kyc-flow diagram', () => {
  it('prints the chart as a Mermaid stateDiagram-v2 with a state per node kind', async () => {
    const result = await runCli(['diagram']);
    expect(result.code).toBe(EXIT_CODES.approved);
    expect(result.stdout.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const state of [
      'identityDocument',
      'emailOtp',
      'requiredDocuments',
      'pendingReview',
      'suspended',
    ]) {
      expect(result.stdout).toContain(`"${state}"`);
    }
    expect((await runCli(['diagram', '--bogus'])).code).toBe(EXIT_CODES.usage);
  }, 30_000);
});
