import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type CliResult, type RunningCli, runCli, startCli } from '../support/cli.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';

/**
 * `kyc-flow batch examples/customers.ndjson`, in this process against the embedded sandbox,
 * and the same file through Redis with two `kyc-flow worker` processes: the same summary,
 * the same exit code (the worst outcome's), whichever way it ran.
 */

const FILE = 'examples/customers.ndjson';
const SPEED = 30;
const EXPECTED = { total: 6, outcomes: { approved: 4, failed: 1, rejected: 1 } };

const lastLine = (result: CliResult) => JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '');
const flowLines = (result: CliResult) =>
  result.stdout
    .trim()
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as { line: number; jobId: string; outcome: string })
    .sort((a, b) => a.line - b.line);

/** Resolves once the worker says it runs the queue. */
const running = (worker: RunningCli) =>
  new Promise<void>((done, fail) => {
    let said = '';
    worker.child.stderr?.on('data', (chunk) => {
      said += String(chunk);
      if (said.includes('kyc-flow worker: running queue')) done();
    });
    worker.child.once('exit', () => fail(new Error(`the worker ended: ${said}`)));
  });

describeWithRedis('kyc-flow batch, in this process and through kyc-flow worker processes', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  const workers: RunningCli[] = [];

  beforeAll(async () => {
    [redis, sandbox] = await Promise.all([startRedisServer(), startSandbox({ speed: SPEED })]);
  });
  afterAll(async () => {
    for (const worker of workers) if (!worker.exited()) worker.child.kill('SIGKILL');
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  it('ends with the same summary and exit code both ways', async () => {
    const local = await runCli(['batch', FILE, '--json']);
    expect(local.stderr).toBe('');
    expect(lastLine(local)).toEqual(EXPECTED);
    expect(local.code).toBe(11);

    const gateway = {
      KYC_GATEWAY_URL: sandbox.gatewayUrl,
      KYC_API_KEY: sandbox.credentials.apiKey,
      KYC_API_SECRET: sandbox.credentials.apiSecret,
      KYC_DOMAIN_ID: sandbox.credentials.domainId,
      KYC_SANDBOX_SPEED: String(SPEED),
    };
    for (let index = 0; index < 2; index += 1) {
      workers.push(startCli(['worker', '--redis', redis.url, '--concurrency', '3'], gateway));
    }
    await Promise.all(workers.map(running));
    const queued = await runCli(['batch', FILE, '--redis', redis.url, '--wait', '--json']);
    expect(queued.stderr).toBe('');
    expect(lastLine(queued)).toEqual(lastLine(local));
    expect(flowLines(queued)).toEqual(flowLines(local));
    expect(queued.code).toBe(local.code);
    // Both workers took part, and each stops cleanly on SIGTERM.
    for (const worker of workers) worker.child.kill('SIGTERM');
    const stopped = await Promise.all(workers.map((worker) => worker.result));
    expect(stopped.map((result) => result.code)).toEqual([0, 0]);
    for (const result of stopped) expect(result.stderr).toMatch(/flow_[0-9a-f]+ started/);
    // The files came through Redis: the workers had no path to them, only the job.
    expect(sandbox.stats().starts).toBe(EXPECTED.total);
  }, 90_000);
});
