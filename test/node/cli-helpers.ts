import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const TSX = resolve('node_modules/.bin/tsx');
const MAIN = resolve('src/adapters/node/cli/main.ts');

/** `kyc-flow <args>` as a child process (tsx over the sources, as `npx tsx` runs it). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(TSX, [MAIN, ...args], {
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the program in a child process of its own, and a
    // SIGKILL (which tsx cannot relay) must reach that one too.
    detached: true,
  });
}

/** Kills the whole command, tsx and the program it runs, without warning. */
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

/** NDJSON lines of a `--json` run, parsed (throws on a line that is not JSON). */
export const jsonLines = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Personal data planted in a test profile: none of it may show in any output. */
export const PLANTED = {
  name: 'Zebulon Plantedname',
  dateOfBirth: '1977-07-17',
  email: 'zebulon.planted@example.org',
  phone: '+44 7700 900123',
  address: '42 Plantedlane, Testville',
  issueDate: '2025-12-24',
  formAnswer: 'PLANTED_SOURCE_OF_FUNDS',
};

/** The sample profile with planted personal data, its files pointing back at the samples. */
export async function writePlantedProfile(
  directory: string,
  edit: (profile: Record<string, unknown>) => void = () => undefined,
): Promise<string> {
  const sample = resolve('examples/profiles');
  const profile = JSON.parse(await readFile(join(sample, 'jane-doe.json'), 'utf8'));
  profile.customer = { customerId: 'C_planted_001', email: PLANTED.email, phone: PLANTED.phone };
  profile.person = {
    ...profile.person,
    name: PLANTED.name,
    dateOfBirth: PLANTED.dateOfBirth,
    address: PLANTED.address,
  };
  for (const key of ['front', 'back'] as const) {
    profile.identityDocument[key] = join(sample, profile.identityDocument[key]);
  }
  profile.liveness.selfie = join(sample, profile.liveness.selfie);
  for (const document of profile.documents) {
    document.file = join(sample, document.file);
    document.extraData = { issueDate: PLANTED.issueDate };
  }
  profile.forms.IndividualForm.field_source_of_funds = PLANTED.formAnswer;
  edit(profile);
  const path = join(directory, `profile-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(profile, null, 2));
  return path;
}
