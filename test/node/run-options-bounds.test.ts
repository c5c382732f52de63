import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { parseRunOptions, runUsage } from '../../src/adapters/node/cli/run-options.js';
import { sandboxCommand } from '../../src/adapters/node/cli/sandbox-command.js';
import { UsageError } from '../../src/adapters/node/cli/usage-error.js';

const gateway = ['--gateway', 'http://127.0.0.1:1/gateway', '--api-key', 'ak_1', '--domain', 'd'];

const refusal = (args: string[], env: Record<string, string> = {}) =>
  parseRunOptions(args, env).then(
    () => expect.fail(`expected ${args.join(' ')} to be refused`),
    (error: unknown) => {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    },
  );

describe('kyc-flow run: numeric options within what a run can keep', () => {
  it('takes the ends of each range', async () => {
    expect((await parseRunOptions(['--speed', '0.001'], {})).speed).toBe(0.001);
    expect((await parseRunOptions(['--speed', '1e6'], {})).speed).toBe(1_000_000);
    expect((await parseRunOptions(['--max-suspended', '1'], {})).maxSuspendedMs).toBe(1_000);
    const longest = await parseRunOptions(['--max-suspended', '2147483'], {});
    expect(longest.maxSuspendedMs).toBe(2_147_483_000);
    expect((await parseRunOptions(['--seed', '4294967295'], {})).seed).toBe(4_294_967_295);
  });

  it.each([
    ['--speed', '1e-300', '--speed must be a number from 0.001 to 1000000, not "1e-300"'],
    ['--speed', '1e7', '--speed must be a number from 0.001 to 1000000'],
    ['--speed', 'Infinity', '--speed must be a number from 0.001 to 1000000'],
    ['--speed', ' ', '--speed must be a number from 0.001 to 1000000'],
    ['--max-suspended', '0.5', '--max-suspended must be a number from 1 to 2147483'],
    ['--max-suspended', '1e300', '--max-suspended must be a number from 1 to 2147483'],
    ['--seed', '4294967296', '--seed must be a whole number from 0 to 4294967295'],
  ])('refuses %s %s, saying the range', async (flag, value, message) => {
    expect(await refusal([flag, value])).toContain(message);
  });

  it('bounds KYC_SANDBOX_SPEED alike', async () => {
    const env = { KYC_API_SECRET: 'sk_1', KYC_SANDBOX_SPEED: '1e-300' };
    expect(await refusal(gateway, env)).toContain(
      'KYC_SANDBOX_SPEED must be a number from 0.001 to 1000000',
    );
  });

  it('says the ranges in its usage text', () => {
    expect(runUsage).toMatch(/--speed <factor>[^\n]*\n[^\n]*\(0\.001 to 1000000\)/);
    expect(runUsage).toMatch(/--max-suspended <s>[^\n]*\(1 to\n\s*2147483\)/);
  });

  it('says what a state file keeps at the outcome: the outcome alone, not nothing', () => {
    const stateFile = runUsage.slice(
      runUsage.indexOf('--state-file'),
      runUsage.indexOf('--record'),
    );
    expect(stateFile).not.toContain('deleted');
    expect(stateFile.replace(/\s+/g, ' ')).toContain(
      'at a final outcome it keeps the outcome alone',
    );
  });
});

describe('kyc-flow sandbox --speed', () => {
  it('is refused outside 0.001 to 1000000, and its usage says so', async () => {
    let text = '';
    const write = (chunk: string) => {
      text += chunk;
    };
    for (const speed of ['1e-300', '0', '1e7']) {
      text = '';
      expect(await sandboxCommand(['--speed', speed], { stderr: write })).toBe(EXIT_CODES.usage);
      expect(text).toContain(
        `--speed: invalid value "${speed}" (expected a number from 0.001 to 1000000)`,
      );
    }
    text = '';
    expect(await sandboxCommand(['--help'], { stdout: write })).toBe(EXIT_CODES.approved);
    expect(text).toContain('(0.001 to 1000000, default 1)');
  });
});
