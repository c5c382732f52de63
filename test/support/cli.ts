import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Sandbox } from '../../src/sandbox/index.js';

/**
 * The CLI as the package ships it (one bundle of the sources, its commands in lazy chunks),
 * built once per test run by the e2e project's global setup (`built-cli.ts`): a process over
 * the sources under tsx's loader spends about 0.7 s more per start resolving and reading
 * every module, and the e2e suites start the CLI well over a hundred times. Kept under the
 * repository, so that it finds `package.json`, the sample profile and `node_modules` by
 * walking up from itself, as the installed package does.
 */
export const BUILT_CLI = resolve('node_modules/.cache/kyc-flow-test-cli/cli.js');

/**
 * `kyc-flow <args>` as a child process: one Node process, as the installed bin runs. Not the
 * `tsx` command: it runs the program in a second process and relays a signal to it, and
 * SIGKILLs it (exit 130) when the program is slower than 30 ms to acknowledge one, which a
 * loaded machine can be.
 */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BUILT_CLI, ...args], {
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a test can signal the command and whatever it started.
    detached: true,
  });
}

/** Kills the whole command, and whatever it started, without warning. */
export function killCli(child: ChildProcess): void {
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((done) => {
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

export const runCli = (args: readonly string[], env?: Record<string, string>) =>
  collect(spawnCli(args, env));

/** A command left running, for a test that acts on it before it ends. */
export interface RunningCli {
  readonly child: ChildProcess;
  readonly result: Promise<CliResult>;
  /** True once the process has exited, by itself or killed. */
  readonly exited: () => boolean;
}

export function startCli(args: readonly string[], env?: Record<string, string>): RunningCli {
  const child = spawnCli(args, env);
  const result = collect(child);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return { child, result, exited: () => exited };
}

let secrets: string | undefined;
/** A file holding `secret` (0600), as an integrator hands the secret to the CLI. */
export function secretFile(secret: string): string {
  if (secrets === undefined) {
    const directory = mkdtempSync(join(tmpdir(), 'kyc-secrets-'));
    process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
    secrets = directory;
  }
  const path = join(secrets, `secret-${Buffer.from(secret).toString('hex')}`);
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return path;
}

/** The environment that lets `kyc-flow run` poll a local sandbox as fast as it runs. */
export const sandboxSpeedEnv = (speed: number): Record<string, string> => ({
  KYC_SANDBOX_SPEED: String(speed),
});

/** The options that point `kyc-flow run` at a sandbox's gateway with its credentials. */
export const gatewayArgs = (sandbox: Sandbox): string[] => [
  '--gateway',
  sandbox.gatewayUrl,
  '--api-key',
  sandbox.credentials.apiKey,
  '--api-secret-file',
  secretFile(sandbox.credentials.apiSecret),
  '--domain',
  sandbox.credentials.domainId,
];

/** NDJSON lines of a `--json` run, parsed (throws on a line that is not JSON). */
export const jsonLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
