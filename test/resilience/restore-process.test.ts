import { mkdtemp, rm } from 'node:fs/promises';
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
import { readStateFile } from '../support/state-file.js';
import { effectProblems, type TestCustomer } from './sandbox-harness.js';

/**
 * Restore in a fresh process: `kyc-flow run --state-file` is killed (SIGKILL, no chance to
 * save anything more) at a chosen point, and a new process picks the flow up from the file.
 */

const SPEED = 10;

let directory: string;
let sandbox: Sandbox;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-restore-process-'));
  sandbox = await startSandbox({ speed: SPEED, seed: 21 });
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

type Event = Record<string, unknown>;

interface KillPoint {
  readonly name: string;
  readonly scenario: string;
  /** Kill once this NDJSON event has been printed (and, if `saved`, the next save after it). */
  readonly when: (event: Event) => boolean;
  readonly saved?: boolean;
  readonly exit: number;
  readonly outcome: Event;
}

const isState = (state: string) => (event: Event) =>
  event.type === 'state' && event.state === state;
const isAnswering = (kind: string) => (event: Event) =>
  event.type === 'answering' && event.kind === kind;

const APPROVED = { status: 'completed', decision: 'APPROVED' };
const KILL_POINTS: readonly KillPoint[] = [
  {
    name: 'while OCR runs (a poll of the OCR result in flight)',
    scenario: 'full',
    when: isState('tracking.identityDocument.extracting'),
    saved: true,
    exit: EXIT_CODES.approved,
    outcome: APPROVED,
  },
  {
    name: 'while the selfie uploads (the responder asked, nothing submitted yet)',
    scenario: 'full',
    when: isAnswering('liveness'),
    exit: EXIT_CODES.approved,
    outcome: APPROVED,
  },
  {
    name: 'with an email code out (no second code after the restart)',
    scenario: 'full',
    when: isState('tracking.emailOtp.codeSent'),
    saved: true,
    exit: EXIT_CODES.approved,
    outcome: APPROVED,
  },
  {
    name: 'while a required document is being added',
    scenario: 'full',
    when: isState('tracking.requiredDocuments.adding'),
    exit: EXIT_CODES.approved,
    outcome: APPROVED,
  },
  {
    name: 'at once after the execution started',
    scenario: 'rejected',
    when: isState('tracking.polling'),
    exit: EXIT_CODES.rejected,
    outcome: { status: 'completed', decision: 'REJECTED' },
  },
];

const argsFor = (profile: string, stateFile: string) => [
  'run',
  '--profile',
  profile,
  '--state-file',
  stateFile,
  '--json',
  ...gatewayArgs(sandbox),
];
const FAST = sandboxSpeedEnv(SPEED);

const customerOf = (name: string, scenario: string): TestCustomer => {
  const id = name.replace(/[^a-z]+/gi, '').slice(0, 24);
  return {
    customerId: `C_process_${id}+${scenario}`,
    email: `process.${id}@example.com`,
    phone: '+6590000000',
    referenceId: `ref-process-${id}`,
  };
};

/**
 * Runs until `point.when` (then the next save, if asked), and kills the whole process group.
 * Never before a second save: the first holds the flow before its START (a process killed
 * then begins the flow again, `started`, not `resumed`), and under load that first write
 * can be the only one on disk when the flow has already started. Equal snapshots are not
 * written twice, so the second holds the flow past its START.
 */
async function runAndKill(args: string[], point: KillPoint): Promise<Event[]> {
  const { child, result } = startCli(args, FAST);
  const seen: Event[] = [];
  let buffer = '';
  let armed = false;
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += String(chunk);
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as Event;
        seen.push(event);
        if (point.when(event)) armed = true;
        const saves = seen.filter((entry) => entry.type === 'saved').length;
        if (armed && saves >= 2 && (!point.saved || event.type === 'saved')) {
          killCli(child);
          resolve();
          return;
        }
      }
    });
    child.once('exit', () => resolve());
  });
  const { signal } = await result;
  expect(signal, `the first run ended by itself: ${JSON.stringify(seen.at(-1))}`).toBe('SIGKILL');
  return seen;
}

describe('restore in a fresh process (file store)', () => {
  it.concurrent.each(KILL_POINTS.map((point) => [point.name, point] as const))(
    'killed %s, a new process finishes on the same execution, each effect once',
    async (_, point) => {
      const customer = customerOf(point.name, point.scenario);
      const profile = await writePlantedProfile(directory, (p) => {
        p.customer = {
          customerId: customer.customerId,
          email: customer.email,
          phone: customer.phone,
          referenceId: customer.referenceId,
        };
      });
      const stateFile = join(directory, `${customer.referenceId}.json`);
      const args = argsFor(profile, stateFile);

      const first = await runAndKill(args, point);
      const executionId = first.find((event) => typeof event.executionId === 'string')
        ?.executionId as string | undefined;
      const saved = await readStateFile(stateFile);

      const second = await runCli(args, FAST);
      expect(second.code, second.stderr).toBe(point.exit);
      const events = jsonLines(second.stdout);
      expect(events.some((event) => event.type === 'started')).toBe(false);
      expect(events.find((event) => event.type === 'resumed')).toBeDefined();
      const done = events.at(-1) as { type: string; outcome: Event };
      expect(done).toMatchObject({ type: 'done', outcome: point.outcome });
      const finalExecution = done.outcome.executionId as string;
      // The restart carried on the execution the killed process had, whatever the file held.
      if (executionId) expect(finalExecution).toBe(executionId);
      if (saved.persisted.snapshot.context.executionId) {
        expect(finalExecution).toBe(saved.persisted.snapshot.context.executionId);
      }
      expect(effectProblems(sandbox, customer, finalExecution)).toEqual([]);
    },
    90_000,
  );

  it('stopped at manual review, decided by the operator, picked up by the next process', async () => {
    const customer = customerOf('review', 'manual-review');
    const profile = await writePlantedProfile(directory, (p) => {
      p.customer = {
        customerId: customer.customerId,
        email: customer.email,
        phone: customer.phone,
      };
    });
    const stateFile = join(directory, 'review.json');
    const args = argsFor(profile, stateFile);
    const first = await runCli(args, FAST);
    expect(first.code, first.stderr).toBe(EXIT_CODES.pendingReview);
    const waiting = jsonLines(first.stdout).at(-1) as { outcome: { executionId: string } };
    sandbox.admin.decideReview(waiting.outcome.executionId, 'REJECTED');
    const second = await runCli(args, FAST);
    expect(second.code, second.stderr).toBe(EXIT_CODES.rejected);
    expect(jsonLines(second.stdout).at(-1)).toMatchObject({
      outcome: {
        status: 'completed',
        decision: 'REJECTED',
        executionId: waiting.outcome.executionId,
      },
    });
    expect(effectProblems(sandbox, customer, waiting.outcome.executionId)).toEqual([]);
  }, 90_000);
});
