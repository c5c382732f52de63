import { afterEach, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createKycQueue } from '../../src/adapters/queue/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import {
  type CliResult,
  gatewayArgs,
  type RunningCli,
  runCli,
  secretFile,
  startCli,
} from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { describeWithRedis, startRedisServer } from '../support/real-services.js';
import { closeTcpServers, tcpServer } from '../support/tcp-server.js';

/**
 * `kyc-flow worker` and its Redis: one that is not there, or refuses the credentials, is
 * one line and an exit code within seconds, where the worker waited for it for ever, a line
 * a second; and a worker whose Redis went away stops at a second Ctrl-C, where parking its
 * flows can never finish.
 */

// Never called: these tests stop at Redis. A port nothing listens on, as a placeholder (one
// fetch never connects to, such as 9, is now refused before Redis is contacted).
const gateway = [
  '--gateway',
  `http://127.0.0.1:${await freePort()}/gateway`,
  '--api-key',
  'ak_test',
  '--api-secret-file',
  secretFile('sk_test'),
  '--domain',
  'dom_test',
];
afterEach(closeTcpServers);

const oneLine = (result: CliResult) => {
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
};

describe('kyc-flow worker, no usable Redis at the address', () => {
  it('says a closed port cannot be reached, without the password, in seconds: exit 15', async () => {
    const port = await freePort();
    const began = Date.now();
    const result = await runCli([
      'worker',
      '--redis',
      `redis://me:hunter2@127.0.0.1:${port}`,
      ...gateway,
    ]);
    expect(Date.now() - began).toBeLessThan(10_000);
    oneLine(result);
    expect(result.stderr).toBe(
      `kyc-flow worker: the Redis at 127.0.0.1:${port} could not be reached: connection refused (ECONNREFUSED)\n`,
    );
    expect(result.code).toBe(15);
  }, 20_000);

  // SIGHUP: the terminal closed under it.
  it.each(['SIGINT', 'SIGHUP'] as const)(
    'stops on %s while connecting: exit 130',
    async (signal) => {
      let connected: () => void = () => undefined;
      const connecting = new Promise<void>((done) => {
        connected = done;
      });
      // Accepts and never answers: the first contact waits.
      const port = await tcpServer(() => connected());
      const worker = startCli(['worker', '--redis', `redis://127.0.0.1:${port}`, ...gateway]);
      await connecting;
      const sent = Date.now();
      worker.child.kill(signal);
      const result = await ended(worker);
      expect(Date.now() - sent).toBeLessThan(2_000);
      expect(result.stderr).toBe('kyc-flow worker: interrupted\n');
      expect(result.code).toBe(130);
    },
    20_000,
  );
});

describeWithRedis('kyc-flow worker and a real Redis', () => {
  it.each([
    ['no password', ''],
    ['a wrong one', ':wrong@'],
  ])(
    'says the Redis refused the credentials (%s): exit 20',
    async (_, userInfo) => {
      const redis = await startRedisServer({ requirePassword: 'right' });
      try {
        const url = redis.url.replace('redis://', `redis://${userInfo}`);
        const result = await runCli(['worker', '--redis', url, ...gateway]);
        oneLine(result);
        expect(result.stderr).toMatch(
          new RegExp(
            `^kyc-flow worker: the Redis at 127.0.0.1:${redis.port} refused the credentials \\((NOAUTH|WRONGPASS)\\)\n$`,
          ),
        );
        expect(result.code).toBe(20);
      } finally {
        await redis.stop();
      }
    },
    20_000,
  );

  it('parks at the first SIGTERM, and stops at once at the second when Redis went away: exit 130', async () => {
    const [redis, sandbox] = await Promise.all([startRedisServer(), startSandbox({ speed: 10 })]);
    const queue = createKycQueue({ connection: redis.url });
    try {
      // Under review, read every 3 s at this speed: the flow keeps running, never parked.
      const profile = await loadProfile('examples/profiles/jane-doe.json');
      const customer = { customerId: 'C_away+manual-review', email: 'away@example.com' };
      await queue.enqueue(customer, { profile: { ...profile, customer } });
      const worker = startCli(['worker', '--redis', redis.url, ...gatewayArgs(sandbox)], {
        KYC_SANDBOX_SPEED: '10',
      });
      let stderr = '';
      worker.child.stderr?.on('data', (chunk) => {
        stderr += String(chunk);
      });
      await until(() => / started\n/.test(stderr));
      await queue.close();
      await redis.stop();
      worker.child.kill('SIGTERM');
      await until(() => stderr.includes('parking the running flows'));
      // Its flow cannot be saved with Redis away: the worker is still parking a second later.
      await new Promise((done) => setTimeout(done, 1_000));
      expect(worker.exited()).toBe(false);
      const sent = Date.now();
      worker.child.kill('SIGTERM');
      const result = await ended(worker);
      expect(Date.now() - sent).toBeLessThan(3_000);
      expect(result.stderr).toMatch(
        /stopped before every flow was parked; each resumes from its last save\n$/,
      );
      expect(result.code).toBe(130);
    } finally {
      await queue.close();
      await Promise.all([sandbox.close(), redis.stop()]);
    }
  }, 30_000);
});

/** The command's end, or SIGKILL after 10 s (the test then fails on what it shows). */
async function ended(cli: RunningCli): Promise<CliResult> {
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), 10_000);
  try {
    return await cli.result;
  } finally {
    clearTimeout(timer);
  }
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 50));
  }
}
