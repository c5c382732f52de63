import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { gatewayArgs, killCli, sandboxSpeedEnv, startCli } from '../support/cli.js';
import { PLANTED, writePlantedProfile } from '../support/planted-profile.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-refusals-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/**
 * `kyc-flow <args>`, killed if still running after 30 s: without the refusal some of these
 * runs never end (a speed of 1e-300 stretches every wait past any timer).
 */
async function runBounded(args: string[], env?: Record<string, string>) {
  const cli = startCli(args, env);
  const timer = setTimeout(() => killCli(cli.child), 30_000);
  try {
    return await cli.result;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `kyc-flow run <args>` against a sandbox of its own, and the calls that sandbox got: a
 * test's "nothing sent" holds whatever the concurrent ones send.
 */
async function runOnSandbox(args: string[], env?: Record<string, string>) {
  const sandbox = await startSandbox({ speed: 50 });
  try {
    const result = await runBounded(['run', ...gatewayArgs(sandbox), ...args], env);
    return { ...result, calls: sandbox.stats().calls };
  } finally {
    await sandbox.close();
  }
}

/** The planted profile with `person` edited. */
const withPerson = (edit: (person: Record<string, unknown>) => void) =>
  writePlantedProfile(directory, (profile) => edit(profile.person as Record<string, unknown>));

/** Moves a person field to a misspelt key, as a hand-written profile might have it. */
const misspell = (from: string, to: string) =>
  withPerson((person) => {
    person[to] = person[from];
    delete person[from];
  });

describe.concurrent('kyc-flow run refuses a profile person it would send wrong', () => {
  it.each([
    ['countryOfResidence', 'countryOfResidense'],
    ['address', 'adress'],
    ['nationality', 'Nationality'],
    ['dateOfBirth', 'dateofBirth'],
  ])(
    '%s misspelt as %s: exit 2, the slip and the field meant named, nothing sent',
    async (meant, typed) => {
      const profile = await misspell(meant, typed);
      const result = await runOnSandbox(['--profile', profile]);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toContain(`person.${typed}: unknown field; did you mean ${meant}?`);
      expect(result.stdout).toBe('');
      for (const planted of Object.values(PLANTED)) expect(result.stderr).not.toContain(planted);
      expect(result.calls).toEqual({});
    },
  );

  it('refuses a blank name, naming it, and sends nothing', async () => {
    const profile = await withPerson((person) => {
      person.name = ' \t ';
    });
    const result = await runOnSandbox(['--profile', profile]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('person.name: expected a name, not blank');
    expect(result.calls).toEqual({});
  });
});

describe.concurrent('kyc-flow refuses a speed or a limit no run can keep', () => {
  it.each([
    [['run', '--speed', '1e-300'], '--speed must be a number from 0.001 to 1000000'],
    [['run', '--speed', '2000000'], '--speed must be a number from 0.001 to 1000000'],
    [['run', '--max-suspended', '1e300'], '--max-suspended must be a number from 1 to 2147483'],
    [['run', '--seed', String(2 ** 32)], '--seed must be a whole number from 0 to 4294967295'],
    [
      ['sandbox', '--port', '0', '--speed', '1e-300'],
      '--speed: invalid value "1e-300" (expected a number from 0.001 to 1000000)',
    ],
  ])('kyc-flow %j: exit 2 and the range', async (args, message) => {
    const result = await runBounded(args);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('refuses KYC_SANDBOX_SPEED out of range before sending anything to the sandbox', async () => {
    const profile = await writePlantedProfile(directory);
    const result = await runOnSandbox(['--profile', profile], sandboxSpeedEnv(1e-300));
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('KYC_SANDBOX_SPEED must be a number from 0.001 to 1000000');
    expect(result.calls).toEqual({});
  });
});

describe('kyc-flow sandbox on a port already in use', () => {
  let taken: Server;
  beforeAll(async () => {
    taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
  });
  afterAll(() => new Promise<void>((done) => taken.close(() => done())));

  it('exits 2 with one line naming the port and --port', async () => {
    const { port } = taken.address() as AddressInfo;
    const result = await runBounded(['sandbox', '--port', String(port)]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toBe(
      `kyc-flow sandbox: port ${port} is in use (EADDRINUSE): choose another with --port (0 picks a free one)\n`,
    );
    expect(result.stdout).toBe('');
  });
});
