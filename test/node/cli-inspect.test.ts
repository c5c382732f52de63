import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import type { InspectorMessage } from '../../src/machine/inspector-feed.js';
import { type RunningCli, startCli } from '../support/cli.js';
import { openEventStream } from '../support/event-stream.js';
import { freePort } from '../support/free-port.js';
import { PLANTED, writePlantedProfile } from '../support/planted-profile.js';

let directory: string;
let profile: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-inspect-'));
  profile = await writePlantedProfile(directory);
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** The command's stderr as it comes; `until` resolves once it holds `text`, rejects if it ends first. */
const watchStderr = (cli: RunningCli) => {
  let seen = '';
  const waiters = new Set<() => void>();
  cli.child.stderr?.on('data', (chunk: Buffer) => {
    seen += String(chunk);
    for (const waiter of waiters) waiter();
  });
  return {
    until: (text: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const waiter = () => {
          if (!seen.includes(text)) return;
          waiters.delete(waiter);
          resolve(seen);
        };
        waiters.add(waiter);
        waiter();
        cli.result.then(() => reject(new Error(`ended before saying "${text}": ${seen}`)));
      }),
  };
};

const parsed = (messages: readonly string[]) =>
  messages.map((text) => JSON.parse(text) as InspectorMessage);

const ended = (messages: readonly string[]) =>
  parsed(messages).some((message) => message.type === 'state' && message.status === 'done');

/** Ctrl-C, as a terminal sends it: to the command's whole process group. */
const interrupt = (cli: RunningCli) => {
  if (cli.child.pid !== undefined) process.kill(-cli.child.pid, 'SIGINT');
};

describe('kyc-flow run --inspect', () => {
  it('waits for a viewer, feeds it redacted events, replays them to a late one and stays up until Ctrl-C', async () => {
    const port = await freePort();
    const cli = startCli(['run', '--inspect', '--inspect-port', String(port), '--speed', '50']);
    const stderr = watchStderr(cli);
    const said = await stderr.until('waiting for a viewer to connect');
    expect(said).toContain(`open http://127.0.0.1:${port}/`);
    expect(said).toContain('Ctrl-C to stop');

    // Nothing runs before someone watches.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const early = await openEventStream(`http://127.0.0.1:${port}/events`);
    expect(early.messages).toEqual([]);
    await early.until(ended, 60_000);
    const states = parsed(early.messages).flatMap((message) =>
      message.type === 'state' ? message.paths : [],
    );
    expect(states[0]).toBe('idle');
    expect(states).toContain('tracking.particulars.awaitingInput');
    expect(states.at(-1)).toBe('completed');

    // The outcome is in, and the page is still served: a late viewer gets the whole run.
    await stderr.until('stays on view');
    expect(cli.exited()).toBe(false);
    const late = await openEventStream(`http://127.0.0.1:${port}/events`);
    await late.until((messages) => messages.length >= early.messages.length);
    expect(late.messages).toEqual(early.messages);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('kyc-flow inspector');
    early.close();
    late.close();

    interrupt(cli);
    const { code, stdout } = await cli.result;
    expect(stdout).toMatch(/^APPROVED/);
    expect(code).toBe(EXIT_CODES.approved);
  }, 90_000);

  it('feeds the Stately page the same run, redacted, and exits at the outcome with --inspect-no-wait', async () => {
    const port = await freePort();
    const cli = startCli([
      'run',
      '--inspect-no-wait',
      '--inspect-port',
      String(port),
      '--speed',
      '5',
      '--profile',
      profile,
    ]);
    await watchStderr(cli).until('inspector: open');
    const stately = await openEventStream(`http://127.0.0.1:${port}/stately/events`);
    const viewer = await openEventStream(`http://127.0.0.1:${port}/events`);
    const { code, stderr, stdout } = await cli.result;
    expect(code).toBe(EXIT_CODES.approved);
    expect(stdout).toMatch(/^APPROVED/);
    expect(stderr).not.toContain('waiting for a viewer');

    const events = stately.messages.map((message) => JSON.parse(message) as { type: string });
    expect(events.some((event) => event.type === '@xstate.actor')).toBe(true);
    expect(events.some((event) => event.type === '@xstate.snapshot')).toBe(true);
    expect(events.some((event) => event.type === '@xstate.event')).toBe(true);
    const text = [...stately.messages, ...viewer.messages].join('\n');
    expect(text).toContain('[redacted]');
    for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
  }, 60_000);

  it('Ctrl-C while it waits for a viewer says nothing was sent, not that a flow was saved', async () => {
    const port = await freePort();
    const stateFile = join(directory, 'never-begun.json');
    const cli = startCli([
      'run',
      '--inspect',
      '--inspect-port',
      String(port),
      '--profile',
      profile,
      '--state-file',
      stateFile,
    ]);
    await watchStderr(cli).until('waiting for a viewer to connect');
    interrupt(cli);
    const { code, stderr } = await cli.result;
    expect(code).toBe(EXIT_CODES.interrupted);
    expect(stderr).toContain('interrupted before the flow began: nothing was sent');
    // There is no flow to resume: the file it would name was never written.
    expect(stderr).not.toContain('saved in');
    await expect(stat(stateFile)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 30_000);

  it('refuses a port in use before anything is sent', async () => {
    const port = await freePort();
    const first = startCli(['run', '--inspect', '--inspect-port', String(port)]);
    try {
      await watchStderr(first).until('waiting for a viewer');
      const second = await startCli(['run', '--inspect', '--inspect-port', String(port)]).result;
      expect(second.code).toBe(EXIT_CODES.usage);
      expect(second.stderr).toContain(`inspector port ${port}`);
      expect(second.stderr).toContain('--inspect-port');
    } finally {
      interrupt(first);
      expect((await first.result).code).toBe(EXIT_CODES.interrupted);
    }
  }, 60_000);
});
