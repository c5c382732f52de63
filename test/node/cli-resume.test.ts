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
import { writePlantedProfile } from '../support/planted-profile.js';
import { readStateFile, untilAnswered } from '../support/state-file.js';

const FAST = sandboxSpeedEnv(10);
let directory: string;
let sandbox: Sandbox;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-resume-'));
  // Slow enough that a run spends seconds between nodes, so it can be killed in the middle.
  sandbox = await startSandbox({ speed: 4 });
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

describe('kyc-flow run --state-file', () => {
  it('killed mid-flow, then restarted, finishes on the same execution with no effect twice', async () => {
    const profile = await writePlantedProfile(directory);
    const stateFile = join(directory, 'state', 'run.json');
    const args = [
      'run',
      '--profile',
      profile,
      '--state-file',
      stateFile,
      '--json',
      ...gatewayArgs(sandbox),
    ];

    const first = startCli(args, FAST);
    // Wait until the saved flow is past three answered nodes, then kill without warning.
    const state = await untilAnswered(stateFile, 3, first.exited);
    expect(first.exited()).toBe(false);
    killCli(first.child);
    expect((await first.result).signal).toBe('SIGKILL');
    const executionId = state?.persisted.snapshot.context.executionId;
    expect(executionId).toMatch(/^exec-/);
    expect(sandbox.stats().executions.find((e) => e.executionId === executionId)?.status).not.toBe(
      'COMPLETED',
    );

    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
    const second = await runCli([...args, '--keep-state'], FAST);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(EXIT_CODES.approved);
    const events = jsonLines(second.stdout);
    expect(events.some((event) => event.type === 'started')).toBe(false);
    expect(events.find((event) => event.type === 'resumed')).toBeDefined();
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      outcome: { status: 'completed', decision: 'APPROVED', executionId },
    });

    const stats = sandbox.stats();
    expect(stats.registrations).toBe(1);
    expect(stats.starts).toBe(1);
    expect(stats.executions).toHaveLength(1);
    expect(Object.values(stats.effects).every((count) => count === 1)).toBe(true);
    expect(Object.keys(stats.effects).length).toBeGreaterThanOrEqual(7);

    // Run again on the kept, finished state file: the same outcome, nothing new sent; and
    // without --keep-state the file keeps the outcome alone, none of the customer's data.
    const calls = structuredClone(stats.calls);
    const third = await runCli(args, FAST);
    expect(third.code).toBe(EXIT_CODES.approved);
    expect(jsonLines(third.stdout).at(-1)).toMatchObject({ outcome: { executionId } });
    expect(sandbox.stats().calls).toEqual(calls);
    const ended = await readFile(stateFile, 'utf8');
    expect(JSON.parse(ended).persisted.snapshot).toMatchObject({
      status: 'done',
      output: { status: 'completed', decision: 'APPROVED', executionId },
    });
    const person = JSON.parse(await readFile(profile, 'utf8')) as {
      customer: { email: string; phone: string };
    };
    for (const personal of [
      person.customer.email,
      person.customer.phone,
      'JOHN',
      'documentNumber',
    ]) {
      expect(ended).not.toContain(personal);
    }

    // Killed just after its outcome was told, or run twice by a job: a run on it again tells
    // the outcome and sends nothing, never a second onboarding.
    const fourth = await runCli(args, FAST);
    expect(fourth.code).toBe(EXIT_CODES.approved);
    expect(jsonLines(fourth.stdout).at(-1)).toMatchObject({ outcome: { executionId } });
    expect(sandbox.stats().calls).toEqual(calls);
  }, 90_000);

  it('stops on SIGINT with the flow saved (exit 130), and the next run finishes it', async () => {
    const profile = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_interrupted_001';
    });
    const stateFile = join(directory, 'interrupted.json');
    const args = ['run', '--profile', profile, '--state-file', stateFile, ...gatewayArgs(sandbox)];
    const first = startCli(args, FAST);
    await untilAnswered(stateFile, 1, first.exited);
    // As a terminal's Ctrl+C does: to the whole process group.
    if (first.child.pid !== undefined) process.kill(-first.child.pid, 'SIGINT');
    const interrupted = await first.result;
    expect(interrupted.code).toBe(EXIT_CODES.interrupted);
    expect(interrupted.stderr).toContain(`the flow is saved in ${stateFile}`);
    const executionId = (await readStateFile(stateFile)).persisted.snapshot.context.executionId;
    // What a run killed mid-write leaves: its temporary copies, the customer's data in them.
    const leftovers = [
      `${stateFile}.4242.0123456789abcdef.tmp`,
      `${stateFile}.sandbox.json.7.fedcba9876543210.tmp`,
    ];
    const anotherRuns = `${stateFile}.bak.4242.0123456789abcdef.tmp`;
    for (const path of [...leftovers, anotherRuns])
      await writeFile(path, '{"email":"x@example.com"}');

    const second = await runCli(args, FAST);
    expect(second.code).toBe(EXIT_CODES.approved);
    expect(second.stdout).toBe(`APPROVED (execution ${executionId})\n`);
    expect(await readFile(stateFile, 'utf8')).not.toContain('@');
    for (const path of leftovers) await expect(stat(path)).rejects.toThrow(/ENOENT/);
    expect((await stat(anotherRuns)).isFile()).toBe(true);
    const mine = sandbox.stats().executions.filter((e) => e.customerId === 'C_interrupted_001');
    expect(mine).toHaveLength(1);
  }, 90_000);

  it('stops on SIGHUP (its terminal closed) as on SIGTERM: saved, said, exit 130, lock let go', async () => {
    const profile = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_hung_up_001';
    });
    const stateFile = join(directory, 'hung-up.json');
    const args = ['run', '--profile', profile, '--state-file', stateFile, ...gatewayArgs(sandbox)];
    const first = startCli(args, FAST);
    await untilAnswered(stateFile, 1, first.exited);
    // Was exit 129 and not a word: Node's own end on SIGHUP, the lock left behind.
    if (first.child.pid !== undefined) process.kill(-first.child.pid, 'SIGHUP');
    const hungUp = await first.result;
    expect(hungUp.code).toBe(EXIT_CODES.interrupted);
    expect(hungUp.stderr).toContain(`the flow is saved in ${stateFile}`);
    await expect(stat(`${stateFile}.lock`)).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it('refuses a corrupt state file instead of starting a second onboarding', async () => {
    const stateFile = join(directory, 'corrupt.json');
    await writeFile(stateFile, '{"kind":"kyc-flow.snap');
    const before = sandbox.stats().registrations;
    const result = await runCli(['run', '--state-file', stateFile, ...gatewayArgs(sandbox)]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('SNAPSHOT_CORRUPT');
    expect(result.stderr).toContain(stateFile);
    expect(sandbox.stats().registrations).toBe(before);
  }, 30_000);
  it('refuses a state file whose status poll lost its input (exit 2, the field named), sending nothing', async () => {
    const profile = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_state_lost_input+manual-review';
    });
    const stateFile = join(directory, 'lost-input.json');
    const args = ['run', '--profile', profile, '--state-file', stateFile, ...gatewayArgs(sandbox)];
    const first = await runCli(args, FAST);
    expect(first.code).toBe(EXIT_CODES.pendingReview);
    const file = JSON.parse(await readFile(stateFile, 'utf8'));
    const { children } = file.persisted.snapshot;
    expect(children.pollExecution.snapshot.input.executionId).toBeTypeOf('string');
    children.pollExecution.snapshot.input = {};
    await writeFile(stateFile, JSON.stringify(file));
    const calls = { ...sandbox.stats().calls };
    // Was exit 16, the gateway blamed: a status read of no execution, refused.
    const damaged = await runCli(args, FAST);
    expect(damaged.code).toBe(EXIT_CODES.usage);
    expect(damaged.stderr).toContain('SNAPSHOT_CORRUPT');
    expect(damaged.stderr).toContain('children.pollExecution.snapshot.input.executionId');
    expect(sandbox.stats().calls).toEqual(calls);
  }, 60_000);

  it("refuses a state file of another customer's flow, sending nothing", async () => {
    const stateFile = join(directory, 'someone-else.json');
    const ann = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_state_ann+manual-review';
    });
    const first = await runCli(
      ['run', '--profile', ann, '--state-file', stateFile, ...gatewayArgs(sandbox)],
      FAST,
    );
    expect(first.code).toBe(EXIT_CODES.pendingReview);
    const bob = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_state_bob+manual-review';
      (p.customer as Record<string, string>).email = 'bob@example.com';
    });
    const calls = { ...sandbox.stats().calls };
    const other = await runCli(
      ['run', '--profile', bob, '--state-file', stateFile, ...gatewayArgs(sandbox)],
      FAST,
    );
    expect(other.code).toBe(EXIT_CODES.usage);
    expect(other.stderr).toContain(`the flow in ${stateFile} is another customer's`);
    expect(sandbox.stats().calls).toEqual(calls);

    // Ann's customerId with someone else's email and phone: not Ann, whatever her id says.
    const impostor = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_state_ann+manual-review';
      (p.customer as Record<string, string>).email = 'mallory@example.com';
      (p.customer as Record<string, string>).phone = '+65 8000 0000';
    });
    const taken = await runCli(
      ['run', '--profile', impostor, '--state-file', stateFile, ...gatewayArgs(sandbox)],
      FAST,
    );
    expect(taken.code).toBe(EXIT_CODES.usage);
    expect(taken.stderr).toContain(`the flow in ${stateFile} is another customer's`);
    expect(sandbox.stats().calls).toEqual(calls);
  }, 60_000);
});

describe('kyc-flow run --state-file resumes only where the flow began', () => {
  const origin = (of: Sandbox) => new URL(of.gatewayUrl).origin;
  const callsOf = (of: Sandbox) =>
    Object.values(of.stats().calls).reduce((sum, count) => sum + count, 0);
  const savedGateway = async (path: string): Promise<unknown> =>
    JSON.parse(await readFile(path, 'utf8')).persisted.gateway;
  const FASTEST = sandboxSpeedEnv(50);

  it('refuses another gateway, naming both; the same one, or a file from before, resumes', async () => {
    // Two environments: the flow's own, and another sandbox on another port.
    const [own, other] = await Promise.all([
      startSandbox({ speed: 50 }),
      startSandbox({ speed: 50 }),
    ]);
    try {
      const profile = await writePlantedProfile(directory, (p) => {
        (p.customer as Record<string, string>).customerId = 'C_moved_001+manual-review';
      });
      const stateFile = join(directory, 'moved.json');
      const on = (gateway: Sandbox) => [
        'run',
        '--profile',
        profile,
        '--state-file',
        stateFile,
        ...gatewayArgs(gateway),
      ];
      const first = await runCli(on(own), FASTEST);
      expect(first.code).toBe(EXIT_CODES.pendingReview);
      // Its origin only: not the path, the apiKey or anything after.
      expect(await savedGateway(stateFile)).toBe(origin(own));
      const { executionId } = (await readStateFile(stateFile)).persisted.snapshot.context;

      const moved = await runCli(on(other), FASTEST);
      expect(moved.code).toBe(EXIT_CODES.usage);
      expect(moved.stderr).toContain(`was started on the gateway at ${origin(own)}`);
      expect(moved.stderr).toContain(`would send to the gateway at ${origin(other)}`);
      expect(moved.stderr).toContain('pass --gateway (or KYC_GATEWAY_URL)');
      expect(moved.stdout).toBe('');
      expect(callsOf(other)).toBe(0);
      const inProcess = await runCli(['run', '--profile', profile, '--state-file', stateFile]);
      expect(inProcess.code).toBe(EXIT_CODES.usage);
      expect(inProcess.stderr).toContain(
        `was started on the gateway at ${origin(own)}, and this run would send to the embedded sandbox`,
      );

      const back = await runCli(on(own), FASTEST);
      expect(back.code).toBe(EXIT_CODES.pendingReview);
      expect(back.stdout).toContain(`(execution ${executionId})`);

      // A state file written before the gateway was recorded resumes as it did.
      const file = JSON.parse(await readFile(stateFile, 'utf8'));
      delete file.persisted.gateway;
      await writeFile(stateFile, JSON.stringify(file));
      const older = await runCli(on(own), FASTEST);
      expect(older.code).toBe(EXIT_CODES.pendingReview);
      expect(older.stdout).toContain(`(execution ${executionId})`);
      expect(own.stats().registrations).toBe(1);
      expect(own.stats().starts).toBe(1);
    } finally {
      await Promise.all([own.close(), other.close()]);
    }
  }, 90_000);

  it('records the embedded sandbox as such: a new one on another port resumes, a gateway is refused', async () => {
    const profile = await writePlantedProfile(directory, (p) => {
      (p.customer as Record<string, string>).customerId = 'C_embedded_001';
    });
    const stateFile = join(directory, 'embedded.json');
    const embedded = ['run', '--scenario', 'manual-review', '--speed', '50'];
    const args = [...embedded, '--profile', profile, '--state-file', stateFile];
    const first = await runCli(args);
    expect(first.code).toBe(EXIT_CODES.pendingReview);
    expect(await savedGateway(stateFile)).toBe('embedded sandbox');
    const { executionId } = (await readStateFile(stateFile)).persisted.snapshot.context;

    // Its sandbox listens on a free port each run: the next run resumes all the same.
    const again = await runCli([...args, '--json']);
    expect(again.code).toBe(EXIT_CODES.pendingReview);
    const events = jsonLines(again.stdout);
    expect(events.some((event) => event.type === 'started')).toBe(false);
    expect(events.at(-1)).toMatchObject({ outcome: { status: 'pendingReview', executionId } });

    const gateway = await startSandbox({ speed: 50 });
    try {
      const elsewhere = await runCli(
        ['run', '--profile', profile, '--state-file', stateFile, ...gatewayArgs(gateway)],
        FASTEST,
      );
      expect(elsewhere.code).toBe(EXIT_CODES.usage);
      expect(elsewhere.stderr).toContain('was started on the embedded sandbox');
      expect(elsewhere.stderr).toContain(`would send to the gateway at ${origin(gateway)}`);
      expect(elsewhere.stderr).toContain('run without --gateway and KYC_GATEWAY_URL');
      expect(callsOf(gateway)).toBe(0);
    } finally {
      await gateway.close();
    }
  }, 90_000);
});
