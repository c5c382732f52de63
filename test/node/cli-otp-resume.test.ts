import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { gatewayArgs, runCli, sandboxSpeedEnv } from '../support/cli.js';
import { writePlantedProfile } from '../support/planted-profile.js';

const FAST = sandboxSpeedEnv(50);
let directory: string;
let sandbox: Sandbox;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-otp-resume-'));
  sandbox = await startSandbox({
    speed: 50,
    scenario: { name: 'otp-only', steps: ['emailOtp'], outcome: 'APPROVED' },
  });
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

const verifies = () => sandbox.stats().calls['workflow.kyc.otp.verify'] ?? 0;

describe('kyc-flow run --state-file with a one-time code the gateway rejects', () => {
  it('sends that code once, however often the run is repeated; a fixed code goes out', async () => {
    const wrong = await writePlantedProfile(directory, (profile) => {
      profile.otp = { code: '000000' };
    });
    const stateFile = join(directory, 'otp.json');
    const args = ['run', '--state-file', stateFile, ...gatewayArgs(sandbox), '--profile'];

    const first = await runCli([...args, wrong], FAST);
    expect(first.code, first.stderr).toBe(EXIT_CODES.profileCannotAnswer);
    expect(first.stderr).toContain("the profile's one-time code was rejected on the email channel");
    expect(verifies()).toBe(1);

    // Run again as it was (a cron job, a retry by hand): the gateway is not asked again.
    for (const _ of [1, 2]) {
      const again = await runCli([...args, wrong], FAST);
      expect(again.code, again.stderr).toBe(EXIT_CODES.profileCannotAnswer);
      expect(again.stderr).toContain(
        "otp.code: the profile's one-time code was rejected on the email channel (2 attempts left), in an earlier run: not sent again",
      );
      expect(again.stderr).toContain(`run again with ${stateFile}`);
      expect(again.stderr).not.toContain('000000');
    }
    expect(verifies()).toBe(1);

    const fixed = await writePlantedProfile(directory);
    const done = await runCli([...args, fixed], FAST);
    expect(done.code, done.stderr).toBe(EXIT_CODES.approved);
    expect(verifies()).toBe(2);
    expect(sandbox.stats().starts).toBe(1);
  }, 90_000);

  it('has a new code sent for a flow locked by wrong codes in earlier runs, then verifies the fixed one', async () => {
    const stateFile = join(directory, 'locked.json');
    const args = ['run', '--state-file', stateFile, ...gatewayArgs(sandbox), '--profile'];
    const before = { verifies: verifies(), sends: sandbox.stats().calls['workflow.kyc.otp.send'] };
    for (const [code, left] of [
      ['000000', '2 attempts left'],
      ['111111', '1 attempt left'],
      ['222222', 'no attempts left'],
    ] as const) {
      const wrong = await writePlantedProfile(directory, (profile) => {
        profile.otp = { code };
        profile.customer = { ...(profile.customer as object), customerId: 'C_planted_locked' };
      });
      const refused = await runCli([...args, wrong], FAST);
      expect(refused.code, refused.stderr).toBe(EXIT_CODES.profileCannotAnswer);
      expect(refused.stderr).toContain(`(${left})`);
      expect(refused.stderr).toContain(`run again with ${stateFile}`);
    }
    expect(verifies() - before.verifies).toBe(3);

    const fixed = await writePlantedProfile(directory, (profile) => {
      profile.customer = { ...(profile.customer as object), customerId: 'C_planted_locked' };
    });
    const done = await runCli([...args, fixed], FAST);
    expect(done.code, done.stderr).toBe(EXIT_CODES.approved);
    expect(verifies() - before.verifies).toBe(4);
    // One code for the wrong ones, one more once locked: no message beyond that.
    expect((sandbox.stats().calls['workflow.kyc.otp.send'] ?? 0) - (before.sends ?? 0)).toBe(2);
  }, 90_000);

  it('says, on the embedded sandbox too, that the state file keeps the flow to run again', async () => {
    const stateFile = join(directory, 'embedded.json');
    const wrong = await writePlantedProfile(directory, (profile) => {
      profile.otp = { code: '000000' };
    });
    const refused = await runCli(
      ['run', '--speed', '50', '--state-file', stateFile, '--profile', wrong],
      {},
    );
    expect(refused.code, refused.stderr).toBe(EXIT_CODES.profileCannotAnswer);
    expect(refused.stderr).toContain(`run again with ${stateFile}`);
  }, 60_000);
});
