import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMBEDDED_SANDBOX_SPEED,
  parseRunOptions,
} from '../../src/adapters/node/cli/run-options.js';
import { withScenarioTag } from '../../src/adapters/node/cli/scenario-tag.js';
import { UsageError } from '../../src/adapters/node/cli/usage-error.js';

const usageError = async (args: string[], env: Record<string, string> = {}) => {
  try {
    await parseRunOptions(args, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`expected a usage error for ${args.join(' ')}`);
};

const credentials = ['--api-key', 'ak_1', '--domain', 'dom_1'];
const secretEnv = { KYC_API_SECRET: 'sk_1' };
const gateway = ['--gateway', 'http://127.0.0.1:1/gateway', ...credentials];

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-options-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('kyc-flow run options', () => {
  it('runs the embedded sandbox fast by default', async () => {
    expect(await parseRunOptions([], {})).toMatchObject({
      gateway: undefined,
      speed: EMBEDDED_SANDBOX_SPEED,
      json: false,
      inspect: false,
      help: false,
    });
  });

  it('takes a gateway from flags or from the environment, and then polls in real time', async () => {
    const fromFlags = await parseRunOptions(gateway, secretEnv);
    expect(fromFlags.gateway).toEqual({
      gatewayUrl: 'http://127.0.0.1:1/gateway',
      apiKey: 'ak_1',
      apiSecret: 'sk_1',
      domainId: 'dom_1',
      storageUrl: undefined,
    });
    expect(fromFlags.speed).toBe(1);
    expect(fromFlags.warnings).toEqual([]);
    const fromEnv = await parseRunOptions([], {
      KYC_GATEWAY_URL: 'https://gw.example/gateway',
      KYC_API_KEY: 'ak_2',
      KYC_API_SECRET: 'sk_2',
      KYC_DOMAIN_ID: 'dom_2',
    });
    expect(fromEnv.gateway).toMatchObject({
      gatewayUrl: 'https://gw.example/gateway',
      apiKey: 'ak_2',
    });
  });

  it('reads every option', async () => {
    expect(
      await parseRunOptions(
        [
          '--profile',
          'p.json',
          '--scenario',
          'manual-review',
          '--state-file',
          's.json',
          '--json',
          '--inspect',
          '--inspect-port',
          '9001',
          '--speed',
          '40',
          '--decide',
          'rejected',
          '--max-suspended',
          '5',
          '--seed',
          '7',
          '--keep-state',
          '--record',
          'r.ndjson',
        ],
        {},
      ),
    ).toEqual({
      profile: 'p.json',
      scenario: 'manual-review',
      scenarioFile: undefined,
      gateway: undefined,
      stateFile: 's.json',
      keepState: true,
      record: 'r.ndjson',
      json: true,
      inspect: true,
      inspectPort: 9001,
      inspectWait: true,
      speed: 40,
      decide: 'REJECTED',
      maxSuspendedMs: 5000,
      seed: 7,
      help: false,
      warnings: [],
    });
  });

  it('takes --inspect-no-wait as --inspect that neither waits for a viewer nor holds the page', async () => {
    expect(await parseRunOptions(['--inspect-no-wait'], {})).toMatchObject({
      inspect: true,
      inspectWait: false,
    });
    expect(await parseRunOptions(['--inspect'], {})).toMatchObject({
      inspect: true,
      inspectWait: true,
    });
  });

  it('names what is wrong in a bad command line', async () => {
    expect(await usageError(['--profil', 'x'])).toMatch(/profil/);
    expect(await usageError(['extra'])).toMatch(/extra/);
    expect(await usageError(['--speed', '0'])).toMatch(
      /--speed must be a number from 0.001 to 1000000/,
    );
    expect(await usageError(['--speed', 'fast'])).toMatch(/--speed/);
    expect(await usageError(['--decide', 'MAYBE'])).toMatch(
      /--decide must be APPROVED or REJECTED/,
    );
    expect(await usageError(['--scenario', 'Not A Name'])).toMatch(/--scenario/);
    expect(await usageError(['--scenario', 'happy-path'])).toMatch(
      /--scenario must be one of full, minimal, .*ocr-failure/,
    );
    expect(await usageError(['--inspect-port', '70000'])).toMatch(/--inspect-port/);
    expect(await usageError(['--api-key', 'ak_1'])).toMatch(/need --gateway/);
    expect(await usageError(['--api-secret-file', 'x'])).toMatch(/need --gateway/);
    expect(await usageError(['--gateway', 'http://127.0.0.1:1/gateway'])).toMatch(
      /--api-key \(or KYC_API_KEY\), KYC_API_SECRET \(or --api-secret-file\), --domain \(or KYC_DOMAIN_ID\)/,
    );
    expect(await usageError(['--gateway', 'ftp://x/gateway', ...credentials], secretEnv)).toMatch(
      /http/,
    );
  });

  it('refuses an option that means nothing without its companion, instead of dropping it', async () => {
    expect(await usageError(['--inspect-port', '9001'])).toBe(
      '--inspect-port works only with --inspect or --inspect-no-wait',
    );
    expect(await usageError(['--keep-state'])).toBe('--keep-state works only with --state-file');
    const watched = await parseRunOptions(['--inspect-no-wait', '--inspect-port', '9001'], {});
    expect(watched).toMatchObject({ inspect: true, inspectPort: 9001, inspectWait: false });
  });

  it('refuses a gateway or storage URL holding a user name or password, naming where it came from', async () => {
    const withUser = ['--gateway', 'https://me:pw@gw.example/gateway', ...credentials];
    expect(await usageError(withUser, secretEnv)).toMatch(
      /^--gateway must not hold a user name or password/,
    );
    const storage = [...gateway, '--storage', 'https://me@gw.example/storage'];
    expect(await usageError(storage, secretEnv)).toMatch(
      /^--storage must not hold a user name or password/,
    );
    const env = { ...secretEnv, KYC_GATEWAY_URL: 'gw.example/gateway' };
    expect(await usageError(credentials, env)).toBe('KYC_GATEWAY_URL must be an http(s) URL');
    expect(await usageError([...gateway, '--storage', 'ftp://gw.example/s'], secretEnv)).toBe(
      '--storage must be an http(s) URL',
    );
  });

  it.each([
    ['--decide', 'APPROVED'],
    ['--seed', '7'],
    ['--speed', '50'],
    ['--scenario', 'rejected'],
    ['--scenario-file', 'examples/scenarios/quick-review.json'],
  ])('refuses %s against a gateway, from the flags or the environment', async (flag, value) => {
    const pattern = new RegExp(`${flag} works only with the embedded sandbox`);
    expect(await usageError([...gateway, flag, value], secretEnv)).toMatch(pattern);
    expect(
      await usageError([flag, value], {
        ...secretEnv,
        KYC_GATEWAY_URL: 'https://gw.example/gateway',
        KYC_API_KEY: 'ak_2',
        KYC_DOMAIN_ID: 'dom_2',
      }),
    ).toMatch(pattern);
  });
});

describe('KYC_SANDBOX_SPEED', () => {
  it('polls a sandbox on this machine faster, and no other gateway', async () => {
    const local = await parseRunOptions(gateway, { ...secretEnv, KYC_SANDBOX_SPEED: '50' });
    expect(local.speed).toBe(50);
    const remote = ['--gateway', 'https://one-gateway-api-stg.width.com/gateway', ...credentials];
    expect(await usageError(remote, { ...secretEnv, KYC_SANDBOX_SPEED: '50' })).toMatch(
      /KYC_SANDBOX_SPEED applies only to a sandbox on this machine/,
    );
    expect((await parseRunOptions(remote, secretEnv)).speed).toBe(1);
  });
});

describe('a gateway reached over plain http', () => {
  it('is warned about unless it is on this machine', async () => {
    const remote = await parseRunOptions(
      ['--gateway', 'http://gw.example/gateway', ...credentials],
      secretEnv,
    );
    expect(remote.warnings.join()).toMatch(/gw.example is reached over plain http/);
    expect((await parseRunOptions(gateway, secretEnv)).warnings).toEqual([]);
  });
});

describe('the API secret', () => {
  it('comes from KYC_API_SECRET without a warning', async () => {
    const options = await parseRunOptions(gateway, secretEnv);
    expect(options.gateway?.apiSecret).toBe('sk_1');
    expect(options.warnings).toEqual([]);
  });

  it('comes from --api-secret-file (one line), before the environment', async () => {
    const file = join(directory, 'secret');
    await writeFile(file, 'sk_from_file\n', { mode: 0o600 });
    const options = await parseRunOptions([...gateway, '--api-secret-file', file], secretEnv);
    expect(options.gateway?.apiSecret).toBe('sk_from_file');
    expect(options.warnings).toEqual([]);
    await chmod(file, 0o644);
    const loose = await parseRunOptions([...gateway, '--api-secret-file', file], {});
    expect(loose.warnings.join()).toMatch(/can be read by other users \(mode 644\)/);
  });

  it('still comes from --api-secret, with a warning about the process list', async () => {
    const options = await parseRunOptions([...gateway, '--api-secret', 'sk_flag'], {});
    expect(options.gateway?.apiSecret).toBe('sk_flag');
    expect(options.warnings.join()).toMatch(/process list/);
    expect(options.warnings.join()).not.toContain('sk_flag');
  });

  it('refuses a secret file that is missing, empty, not a regular file, or given twice', async () => {
    const missing = join(directory, 'nope');
    expect(await usageError([...gateway, '--api-secret-file', missing])).toMatch(/ENOENT/);
    const empty = join(directory, 'empty');
    await writeFile(empty, '\n');
    expect(await usageError([...gateway, '--api-secret-file', empty])).toMatch(/on one line/);
    expect(await usageError([...gateway, '--api-secret-file', directory])).toMatch(
      /is a directory/,
    );
    expect(
      await usageError([...gateway, '--api-secret-file', empty, '--api-secret', 'sk_1']),
    ).toMatch(/give the API secret once/);
  });
});

describe('scenario tag', () => {
  it('tags the customerId and the email local part, replacing an existing tag', () => {
    expect(
      withScenarioTag(
        { customerId: 'C_1', email: 'jane.doe@example.com', phone: '+65 1' },
        'rejected',
      ),
    ).toEqual({
      customerId: 'C_1+rejected',
      email: 'jane.doe+rejected@example.com',
      phone: '+65 1',
    });
    expect(withScenarioTag({ customerId: 'C_1+full', email: 'jane+full@x.io' }, 'minimal')).toEqual(
      {
        customerId: 'C_1+minimal',
        email: 'jane+minimal@x.io',
      },
    );
    expect(withScenarioTag({ email: 'a@b.c' }, 'timeout')).toEqual({ email: 'a+timeout@b.c' });
  });
});
