import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  collect,
  gatewayArgs,
  runCli,
  sandboxSpeedEnv,
  secretFile,
  spawnCli,
} from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { writePlantedProfile } from '../support/planted-profile.js';

let directory: string;
let profile: string;
let sandbox: Sandbox;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-trust-'));
  profile = await writePlantedProfile(directory);
  sandbox = await startSandbox({ speed: 50 });
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

/**
 * A gateway on loopback that answers each call with `answer(api)` (its raw body, or a
 * redirect to a `location`), noting the methods called; `args` are `gatewayArgs` pointed at it.
 */
async function scriptedGateway(answer: (api: string) => string | { location: string }) {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    const api = new URL(request.url ?? '', 'http://gateway').searchParams.get('api') ?? '';
    calls.push(api);
    const body = answer(api);
    if (typeof body !== 'string') return response.writeHead(302, body).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const args = gatewayArgs(sandbox);
  args[args.indexOf('--gateway') + 1] = `http://127.0.0.1:${port}/gateway`;
  return {
    args,
    calls,
    /** `kyc-flow run` of the planted profile against it, with `extra` options. */
    run: (...extra: string[]) => runCli(['run', '--profile', profile, ...args, ...extra]),
    close: () => server.close(),
  };
}

/** `gatewayArgs` with one credential replaced. */
const withCredential = (name: '--api-key' | '--api-secret-file', value: string) => {
  const args = gatewayArgs(sandbox);
  args[args.indexOf(name) + 1] = value;
  return args;
};

describe('kyc-flow run against a gateway refuses what only the sandbox means', () => {
  it.each([
    ['--speed', '50', 'keeps its own pace'],
    ['--scenario', 'rejected', "rewrite the real customer's id and email"],
  ])(
    '%s %s: exit 2, nothing sent',
    async (flag, value, why) => {
      const result = await runCli([
        'run',
        '--profile',
        profile,
        ...gatewayArgs(sandbox),
        flag,
        value,
      ]);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toContain(`${flag} works only with the embedded sandbox`);
      expect(result.stderr).toContain(why);
      expect(sandbox.stats().calls).toEqual({});
    },
    30_000,
  );
});

describe('kyc-flow run tells credentials, the network and the customer apart', () => {
  it('a wrong API secret exits 20 (credentials refused), not 11 (a customer FAILED)', async () => {
    const result = await runCli(
      ['run', '--profile', profile, ...withCredential('--api-secret-file', secretFile('sk_wrong'))],
      sandboxSpeedEnv(50),
    );
    expect(result.code).toBe(EXIT_CODES.credentialsRefused);
    expect(result.stdout).toMatch(/^CREDENTIALS REFUSED: CREDENTIALS_REFUSED .*999001/);
    expect(result.stderr).toContain('the gateway refused the credentials (999001)');
    expect(result.stderr).not.toContain('sk_wrong');
  }, 30_000);

  it('an unknown apiKey exits 20 too', async () => {
    const result = await runCli(
      ['run', '--profile', profile, ...withCredential('--api-key', 'ak_unknown'), '--json'],
      sandboxSpeedEnv(50),
    );
    expect(result.code).toBe(EXIT_CODES.credentialsRefused);
    expect(result.stderr).toContain('the gateway refused the credentials (999303)');
  }, 30_000);

  it('a registration the gateway refuses exits 21 (refused before it began), not 11 (FAILED)', async () => {
    // A gateway that already has this customer, and says so with a code the guide does not name.
    const gateway = await scriptedGateway(
      () => '{"apiCode":999301,"apiMsg":"customer already exists","data":null}',
    );
    try {
      const result = await gateway.run();
      expect(result.code).toBe(EXIT_CODES.refused);
      expect(result.stderr).toContain('the gateway refused the onboarding before it began');
      expect(result.stderr).toContain('999301 customer already exists');
      expect(result.stdout).toMatch(/^REFUSED BEFORE IT BEGAN: .*999301 customer already exists/m);
      expect(result.stdout).not.toMatch(/^FAILED/m);
    } finally {
      gateway.close();
    }
    expect(gateway.calls).toEqual(['workflow.applicant.register']);
  }, 30_000);

  it('a status read answered "execution not found" exits 16 and says so, never 11 (FAILED)', async () => {
    // A gateway that takes the registration and the start, then does not know the execution
    // it began (another environment behind the same URL, records purged): no verdict.
    const answers: Record<string, string> = {
      'workflow.applicant.register': '{"apiCode":200,"apiMsg":"OK","data":{"customerId":"C_1"}}',
      'workflow.apply.submit':
        '{"apiCode":200,"apiMsg":"OK","data":{"executionId":"E_forgotten","status":"RUNNING"}}',
    };
    const gateway = await scriptedGateway(
      (api) => answers[api] ?? '{"apiCode":404001,"apiMsg":"execution not found","data":null}',
    );
    try {
      const result = await gateway.run();
      expect(result.code).toBe(EXIT_CODES.contractBroken);
      expect(result.stdout).toMatch(
        /^EXECUTION NOT FOUND \(execution E_forgotten\): .*404001 execution not found/m,
      );
      expect(result.stdout).not.toMatch(/^FAILED/m);
      expect(result.stderr).toContain('the gateway says it does not know execution E_forgotten');
      expect(result.stderr).toContain('this is no FAILED');
    } finally {
      gateway.close();
    }
    // One status read refused, and no second: it waits for whoever runs it.
    expect(gateway.calls).toEqual([
      'workflow.applicant.register',
      'workflow.apply.submit',
      'workflow.execution.status',
    ]);
  }, 30_000);

  it('a gateway that redirects: never followed, and said so, not "could not be reached"', async () => {
    const gateway = await scriptedGateway(() => ({ location: 'https://elsewhere.example/gw' }));
    try {
      const result = await gateway.run('--max-suspended', '1');
      expect(result.code).toBe(EXIT_CODES.suspended);
      expect(result.stderr).toContain('answers with a redirect, which is never followed');
      expect(result.stderr).not.toContain('could not be reached');
      expect(result.stdout).toMatch(/^SUSPENDED: .*register failed: redirect$/m);
    } finally {
      gateway.close();
    }
    expect(new Set(gateway.calls)).toEqual(new Set(['workflow.applicant.register']));
  }, 30_000);

  it('an unreachable gateway exits 15, naming the host and the cause', async () => {
    const port = await freePort();
    const args = gatewayArgs(sandbox);
    args[args.indexOf('--gateway') + 1] = `http://127.0.0.1:${port}/gateway`;
    const result = await runCli(['run', '--profile', profile, ...args, '--max-suspended', '1']);
    expect(result.code).toBe(EXIT_CODES.suspended);
    expect(result.stderr).toContain(
      `the gateway at 127.0.0.1:${port} could not be reached: connection refused (ECONNREFUSED)`,
    );
    // While it lasts, each attempt that failed is shown: a run that says nothing looks hung.
    const retried = result.stderr.indexOf(
      'workflow.applicant.register: connection refused (ECONNREFUSED); trying again (retry 1)',
    );
    expect(retried).toBeGreaterThan(-1);
    expect(retried).toBeLessThan(result.stderr.indexOf('suspended:'));
  }, 30_000);

  it('a gateway on a port fetch never connects to (6000) exits 15 at once, naming the port, the state file untouched', async () => {
    const args = gatewayArgs(sandbox);
    args[args.indexOf('--gateway') + 1] = 'http://127.0.0.1:6000/gateway';
    const stateFile = join(directory, 'blocked-port.json');
    const started = Date.now();
    // No --max-suspended: left to retry, it would try for the default 120 s before giving up.
    const result = await runCli([
      'run',
      '--profile',
      profile,
      ...args,
      '--state-file',
      stateFile,
      '--json',
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(EXIT_CODES.suspended);
    expect(result.stderr).toContain(
      'the gateway at 127.0.0.1:6000 could not be reached: port 6000 is one fetch never connects to',
    );
    expect(result.stderr).not.toContain('trying again');
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'error', code: 'SUSPENDED' });
    // Nothing began: the same state file runs at once once the gateway is given another port.
    await expect(readFile(stateFile)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 30_000);

  it('--api-secret still works, with a warning that does not repeat the secret', async () => {
    const args = gatewayArgs(sandbox);
    args.splice(
      args.indexOf('--api-secret-file'),
      2,
      '--api-secret',
      sandbox.credentials.apiSecret,
    );
    const result = await runCli(
      ['run', '--profile', profile, ...args, '--json'],
      sandboxSpeedEnv(50),
    );
    expect(result.code).toBe(EXIT_CODES.approved);
    expect(result.stderr).toMatch(/^kyc-flow run: warning: --api-secret shows the secret/);
    expect(result.stderr).not.toContain(sandbox.credentials.apiSecret);
  }, 60_000);
});

describe('output to a closed pipe ends quietly', () => {
  it('run --json whose reader goes after 3 lines: no stack trace, the outcome exit code', async () => {
    const child = spawnCli(['run', '--speed', '50', '--json', '--profile', profile]);
    let lines = 0;
    child.stdout?.on('data', (chunk) => {
      lines += String(chunk).split('\n').length - 1;
      // As `| head -3` does: the reader closes its end of the pipe.
      if (lines >= 3) child.stdout?.destroy();
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(EXIT_CODES.approved);
  }, 60_000);

  it('plain run whose log reader goes: the outcome still printed, no stack trace', async () => {
    const child = spawnCli([
      'run',
      '--speed',
      '50',
      '--scenario',
      'rejected',
      '--profile',
      profile,
    ]);
    child.stderr?.once('data', () => child.stderr?.destroy());
    const result = await collect(child);
    expect(result.stdout).toMatch(/^REJECTED \(execution exec-[\w-]+\)\n$/);
    expect(result.code).toBe(EXIT_CODES.rejected);
  }, 60_000);
});

describe('kyc-flow run --state-file refuses what it cannot trust, before sending anything', () => {
  const runWith = (stateFile: string) =>
    runCli(['run', '--profile', profile, '--state-file', stateFile, ...gatewayArgs(sandbox)]);

  /** A real saved flow (pending review), edited. */
  async function forged(name: string, edit: (snapshot: Record<string, unknown>) => void) {
    const source = join(directory, `review-${name}`);
    const pending = await runCli([
      'run',
      '--scenario',
      'manual-review',
      '--speed',
      '50',
      '--profile',
      profile,
      '--state-file',
      source,
    ]);
    expect(pending.code).toBe(EXIT_CODES.pendingReview);
    const file = JSON.parse(await readFile(source, 'utf8'));
    edit(file.persisted.snapshot);
    const path = join(directory, name);
    await writeFile(path, JSON.stringify(file));
    return path;
  }

  it.each([
    [
      'emptied context',
      (s: Record<string, unknown>) => {
        s.context = {};
      },
      'persisted.snapshot.context.referenceId',
    ],
    [
      'forged to completed',
      (s: Record<string, unknown>) => {
        s.value = 'completed';
        s.status = 'done';
      },
      'persisted.snapshot.context.outcome: required in the final state "completed"',
    ],
  ])(
    '%s: exit 2 naming the field',
    async (name, edit, named) => {
      const path = await forged(`${name.replace(/\W/g, '-')}.json`, edit);
      const before = structuredClone(sandbox.stats().calls);
      const result = await runWith(path);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toContain('SNAPSHOT_CORRUPT');
      expect(result.stderr).toContain(named);
      expect(result.stderr).not.toContain('Cannot read properties');
      expect(sandbox.stats().calls).toEqual(before);
    },
    60_000,
  );

  it('a FIFO is refused at once, not waited on', async () => {
    const fifo = join(directory, 'state.fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await runWith(fifo);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('SNAPSHOT_NOT_A_FILE');
    expect(result.stderr).toContain('FIFO');
  }, 30_000);
});

describe('kyc-flow run --max-answer-bytes', () => {
  it('refuses a value that is no whole number of bytes, or one without --gateway: exit 2, named', async () => {
    for (const value of ['0', '1e3', '12abc', '']) {
      const result = await runCli(['run', ...gatewayArgs(sandbox), '--max-answer-bytes', value]);
      expect(result.code).toBe(EXIT_CODES.usage);
      expect(result.stderr).toContain('--max-answer-bytes must be a whole number of bytes');
    }
    // Read as an option of its own by the parser: a usage error all the same, named.
    const negative = await runCli(['run', ...gatewayArgs(sandbox), '--max-answer-bytes', '-5']);
    expect(negative.code).toBe(EXIT_CODES.usage);
    expect(negative.stderr).toContain('--max-answer-bytes');
    const stray = await runCli(['run', '--max-answer-bytes', '1000']);
    expect(stray.code).toBe(EXIT_CODES.usage);
    expect(stray.stderr).toContain('--max-answer-bytes need --gateway');
  }, 60_000);

  it('holds every answer to it: longer ones are refused, and the hint names the flag', async () => {
    // A gateway whose answers carry more than the guide's fields (a vendor embedding images).
    const padded = JSON.stringify({
      apiCode: 200,
      apiMsg: 'OK',
      data: { customerId: 'C_1', image: 'x'.repeat(400) },
    });
    const gateway = await scriptedGateway(() => padded);
    try {
      const result = await gateway.run('--max-answer-bytes', '200');
      expect(result.code).toBe(EXIT_CODES.contractBroken);
      expect(result.stdout).toContain('expected an answer of at most 200 bytes');
      expect(result.stderr).toContain('with a higher --max-answer-bytes');
      // Read again a few times, as any answer nobody can read, never the start.
      expect(new Set(gateway.calls)).toEqual(new Set(['workflow.applicant.register']));
    } finally {
      gateway.close();
    }
  }, 60_000);

  it('a limit the answers fit in: the onboarding goes through', async () => {
    const args = [...gatewayArgs(sandbox), '--max-answer-bytes', '65536'];
    const result = await runCli(['run', '--profile', profile, ...args], sandboxSpeedEnv(50));
    expect(result.code).toBe(EXIT_CODES.approved);
  }, 60_000);
});
