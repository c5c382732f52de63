import { describe, expect, it } from 'vitest';
import {
  EMBEDDED_SANDBOX_SPEED,
  parseRunOptions,
} from '../../src/adapters/node/cli/run-options.js';
import { withScenarioTag } from '../../src/adapters/node/cli/scenario-tag.js';
import { UsageError } from '../../src/adapters/node/cli/usage-error.js';

const usageError = (args: string[], env: Record<string, string> = {}) => {
  try {
    parseRunOptions(args, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`expected a usage error for ${args.join(' ')}`);
};

const credentials = ['--api-key', 'ak_1', '--api-secret', 'sk_1', '--domain', 'dom_1'];

describe('kyc-flow run options', () => {
  it('runs the embedded sandbox fast by default', () => {
    expect(parseRunOptions([], {})).toMatchObject({
      gateway: undefined,
      speed: EMBEDDED_SANDBOX_SPEED,
      json: false,
      inspect: false,
      help: false,
    });
  });

  it('takes a gateway from flags or from the environment, and then polls in real time', () => {
    const fromFlags = parseRunOptions(
      ['--gateway', 'http://127.0.0.1:1/gateway', ...credentials],
      {},
    );
    expect(fromFlags.gateway).toEqual({
      gatewayUrl: 'http://127.0.0.1:1/gateway',
      apiKey: 'ak_1',
      apiSecret: 'sk_1',
      domainId: 'dom_1',
      storageUrl: undefined,
    });
    expect(fromFlags.speed).toBe(1);
    const fromEnv = parseRunOptions([], {
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

  it('reads every option', () => {
    expect(
      parseRunOptions(
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
        ],
        {},
      ),
    ).toEqual({
      profile: 'p.json',
      scenario: 'manual-review',
      gateway: undefined,
      stateFile: 's.json',
      json: true,
      inspect: true,
      inspectPort: 9001,
      speed: 40,
      decide: 'REJECTED',
      maxSuspendedMs: 5000,
      seed: 7,
      help: false,
    });
  });

  it('names what is wrong in a bad command line', () => {
    expect(usageError(['--profil', 'x'])).toMatch(/profil/);
    expect(usageError(['extra'])).toMatch(/extra/);
    expect(usageError(['--speed', '0'])).toMatch(/--speed must be a positive number/);
    expect(usageError(['--speed', 'fast'])).toMatch(/--speed/);
    expect(usageError(['--decide', 'MAYBE'])).toMatch(/--decide must be APPROVED or REJECTED/);
    expect(usageError(['--scenario', 'Not A Name'])).toMatch(/--scenario/);
    expect(usageError(['--scenario', 'happy-path'])).toMatch(
      /--scenario must be one of full, minimal, .*ocr-failure/,
    );
    expect(usageError(['--inspect-port', '70000'])).toMatch(/--inspect-port/);
    expect(usageError(['--api-key', 'ak_1'])).toMatch(/need --gateway/);
    expect(usageError(['--gateway', 'http://127.0.0.1:1/gateway'])).toMatch(
      /--api-key \(or KYC_API_KEY\), --api-secret \(or KYC_API_SECRET\), --domain \(or KYC_DOMAIN_ID\)/,
    );
    expect(usageError(['--gateway', 'ftp://x/gateway', ...credentials])).toMatch(/http/);
    expect(
      usageError([
        '--gateway',
        'http://127.0.0.1:1/gateway',
        ...credentials,
        '--decide',
        'APPROVED',
      ]),
    ).toMatch(/--decide works only with the embedded sandbox/);
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
