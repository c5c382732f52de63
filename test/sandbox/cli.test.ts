import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { sandboxCommand } from '../../src/adapters/node/cli/sandbox-command.js';
import { freePort } from '../support/free-port.js';
import { driveGuideFlow } from './guide-flow.js';
import { rawClient } from './raw-client.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Waits until the child's stdout matches, and returns the match. */
const waitForOutput = (child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> =>
  new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = text.match(pattern);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${text}`)));
  });

const capture = () => {
  let text = '';
  const write = (chunk: string) => {
    text += chunk;
  };
  return { write, text: () => text };
};

describe('kyc-flow sandbox', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('serves the gateway from a child process until SIGTERM, then exits 0', async () => {
    const port = await freePort();
    child = spawn(
      process.execPath,
      // One process (tsx as a loader, not its CLI wrapper), so the signal reaches the command itself.
      [
        '--import',
        'tsx',
        'src/adapters/node/cli/main.ts',
        'sandbox',
        '--port',
        String(port),
        '--speed',
        '50',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const banner = await waitForOutput(
      child,
      /gateway\s+(\S+)\s+storage\s+(\S+)\s+apiKey\s+(\S+)\s+apiSecret\s+(\S+)\s+domainId\s+(\S+)/,
    );
    const [, gatewayUrl, storageUrl, ...credentials] = banner;
    expect(gatewayUrl).toBe(`http://127.0.0.1:${port}/gateway`);
    expect(storageUrl).toBe(`http://127.0.0.1:${port}/storage`);
    expect(credentials).toEqual(['ak_sandbox', 'sk_sandbox', 'dom_sandbox']);

    const client = rawClient(gatewayUrl as string, {
      apiKey: 'ak_sandbox',
      apiSecret: 'sk_sandbox',
      domainId: 'dom_sandbox',
    });
    const { final, visited } = await driveGuideFlow(client);
    expect(visited).toHaveLength(7);
    expect(final.status).toBe('COMPLETED');
    expect(final.result?.decision).toBe('APPROVED');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('stops cleanly on SIGINT too', async () => {
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/adapters/node/cli/main.ts', 'sandbox', '--port', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitForOutput(child, /stops it/);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('answers bad options with a message naming the option and the usage exit code', async () => {
    for (const args of [
      ['--speed', 'fast'],
      ['--port', '70000'],
      ['--fault-rate', '2'],
      ['--otp-code', '12'],
      ['--scenario', 'nope'],
      ['--scenario-file', 'does/not/exist.json'],
      ['--bogus'],
    ]) {
      const err = capture();
      const code = await sandboxCommand(args, { stderr: err.write, stdout: err.write });
      expect(code, args.join(' ')).toBe(EXIT_CODES.usage);
      expect(err.text()).toContain(args[0]?.replace(/^--/, ''));
    }
  });

  it('prints its options on --help and exits 0', async () => {
    const out = capture();
    expect(await sandboxCommand(['--help'], { stdout: out.write })).toBe(0);
    for (const option of [
      '--port',
      '--speed',
      '--scenario',
      '--seed',
      '--scenario-file',
      '--otp-code',
      '--fault-rate',
    ]) {
      expect(out.text()).toContain(option);
    }
  });

  it('serves a custom scenario from --scenario-file and stops on its abort signal', async () => {
    const out = capture();
    const stop = new AbortController();
    const running = sandboxCommand(
      [
        '--port',
        '0',
        '--speed',
        '1000',
        '--scenario-file',
        'examples/scenarios/quick-review.json',
        '--scenario',
        'quick-review',
      ],
      { stdout: out.write, signal: stop.signal },
    );
    await expect.poll(() => out.text(), { timeout: 10_000 }).toMatch(/gateway\s+http:\S+/);
    const gatewayUrl = out.text().match(/gateway\s+(http:\S+)/)?.[1] as string;
    const client = rawClient(gatewayUrl, {
      apiKey: 'ak_sandbox',
      apiSecret: 'sk_sandbox',
      domainId: 'dom_sandbox',
    });
    await client.data('workflow.applicant.register', { customerId: 'C_file' });
    const { executionId } = await client.data<{ executionId: string }>('workflow.apply.submit', {
      eventType: 'KYC_EVENT',
      source: 'API',
      data: { customerId: 'C_file', referenceId: 'ref-file' },
    });
    const stats = await client.data<{
      executions: Array<{ executionId: string; scenario: string }>;
    }>('sandbox.stats', {});
    expect(stats.executions.find((e) => e.executionId === executionId)?.scenario).toBe(
      'quick-review',
    );
    stop.abort();
    expect(await running).toBe(0);
  });
});
