import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { sandboxCommand } from '../../src/adapters/node/cli/sandbox-command.js';
import { parseRecording, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { gatewayArgs, jsonLines, runCli, sandboxSpeedEnv } from '../support/cli.js';
import { PLANTED, writePlantedProfile } from '../support/planted-profile.js';

const SPEED = 50;
let directory: string;
let sandbox: Sandbox;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-record-'));
  sandbox = await startSandbox({ speed: SPEED });
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

const STATUS = 'workflow.execution.status';

/**
 * The methods a recording called, in the order the calls left, status reads apart: how
 * often a client looks is its own pace (on a loaded machine the host's uploads take long
 * enough for the watch beside host input to look once more, between two submissions),
 * which a replay does not promise to repeat. What it sends, and in which order, it does.
 */
const methodsOf = async (path: string): Promise<string[]> =>
  parseRecording(await readFile(path, 'utf8'))
    .exchanges.map((exchange) => exchange.method)
    .filter((method) => method !== STATUS);

const outcomeOf = (stdout: string) => jsonLines(stdout).at(-1)?.outcome as Record<string, unknown>;

/** An outcome without its ids (a replay answers with stand-ins for them). */
const withoutIds = (outcome: Record<string, unknown>) => ({
  status: outcome.status,
  decision: outcome.decision,
  nodeType: (outcome.node as { nodeType?: string } | undefined)?.nodeType,
});

describe('kyc-flow run --record, then a replay of the recording', () => {
  it.each([
    ['full', EXIT_CODES.approved],
    ['ocr-failure', EXIT_CODES.approved],
    ['manual-review', EXIT_CODES.pendingReview],
  ] as const)(
    'a gateway run (%s) replays offline to the same outcome with the same calls',
    async (scenario, code) => {
      // A real gateway is told nothing of scenarios: the customer's own id carries the tag.
      const profile = await writePlantedProfile(directory, (p) => {
        (p.customer as Record<string, string>).customerId = `C_record_${scenario}+${scenario}`;
      });
      const recording = join(directory, `${scenario}.ndjson`);
      const recorded = await runCli(
        ['run', '--profile', profile, ...gatewayArgs(sandbox), '--record', recording, '--json'],
        sandboxSpeedEnv(SPEED),
      );
      expect(recorded.code, recorded.stderr).toBe(code);

      const again = join(directory, `${scenario}-replayed.ndjson`);
      const replayed = await runCli([
        'run',
        '--profile',
        profile,
        '--scenario-file',
        recording,
        '--record',
        again,
        '--speed',
        String(SPEED),
        '--json',
      ]);
      expect(replayed.code, replayed.stderr).toBe(code);
      expect(withoutIds(outcomeOf(replayed.stdout))).toEqual(
        withoutIds(outcomeOf(recorded.stdout)),
      );
      expect(await methodsOf(again)).toEqual(await methodsOf(recording));
    },
    60_000,
  );

  it('records shapes, never personal values, secrets or ids', async () => {
    const profile = await writePlantedProfile(directory);
    const recording = join(directory, 'private.ndjson');
    const result = await runCli(
      ['run', '--profile', profile, ...gatewayArgs(sandbox), '--record', recording, '--json'],
      sandboxSpeedEnv(SPEED),
    );
    expect(result.code, result.stderr).toBe(EXIT_CODES.approved);
    const text = await readFile(recording, 'utf8');
    const executionId = outcomeOf(result.stdout).executionId as string;
    const { apiKey, apiSecret, domainId } = sandbox.credentials;
    for (const secret of [...Object.values(PLANTED), apiKey, apiSecret, domainId, executionId]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/s3:\/\/|sign=|C_planted|@/);
    // What the replay needs is there: methods, statuses, node types, the decision, timing.
    const { exchanges } = parseRecording(text);
    expect(exchanges.every((exchange) => exchange.status === 200 && exchange.ms >= 0)).toBe(true);
    expect(text).toContain('"nodeType":"flow_action_validate_email"');
    expect(text).toContain('"decision":"APPROVED"');
    expect(text).toContain('"documentType":"INTERNATIONAL_PASSPORT"');
    expect(text).toMatch(/"name":"<string:\d+>"/);
  }, 60_000);

  it("keeps the gateway's own message, without what the profile says of the customer", async () => {
    // A gateway whose refusal names the customer, as some do.
    const said = `customer ${PLANTED.name} (${PLANTED.phone}) is already registered`;
    const gateway = createServer((request, response) => {
      request.resume();
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ apiCode: 999301, apiMsg: said, data: null }));
    }).listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    try {
      const { port } = gateway.address() as AddressInfo;
      const args = gatewayArgs(sandbox);
      args[args.indexOf('--gateway') + 1] = `http://127.0.0.1:${port}/gateway`;
      const profile = await writePlantedProfile(directory);
      const recording = join(directory, 'refused.ndjson');
      const result = await runCli(['run', '--profile', profile, ...args, '--record', recording]);
      expect(result.code, result.stderr).toBe(EXIT_CODES.refused);
      const text = await readFile(recording, 'utf8');
      expect(text).toContain('is already registered');
      for (const value of [PLANTED.name, PLANTED.phone, 'Plantedname', '7700 900123']) {
        expect(text).not.toContain(value);
      }
    } finally {
      gateway.close();
    }
  }, 60_000);

  it('the shipped example replays in kyc-flow sandbox, every exchange played', async () => {
    let output = '';
    const stop = new AbortController();
    const serving = sandboxCommand(
      [
        '--port',
        '0',
        '--speed',
        String(SPEED),
        '--scenario-file',
        'examples/recordings/full.ndjson',
      ],
      {
        stdout: (text) => (output += text),
        stderr: (text) => (output += text),
        signal: stop.signal,
      },
    );
    while (!output.includes('SIGTERM')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(output).toMatch(/replaying {2}\d+ recorded exchanges/);
    const url = output.match(/gateway {4}(\S+)/)?.[1] as string;
    const args = gatewayArgs(sandbox);
    args[args.indexOf('--gateway') + 1] = url;
    const result = await runCli(['run', ...args], sandboxSpeedEnv(SPEED));
    stop.abort();
    expect(await serving).toBe(EXIT_CODES.approved);
    expect(result.code, result.stderr).toBe(EXIT_CODES.approved);
    const played = output.match(/replayed (\d+) of (\d+) recorded exchanges/);
    expect(played?.[1]).toBe(played?.[2]);
    expect(output).not.toContain('not in the recording');
  }, 60_000);

  it('refuses a file that is not a recording, and --scenario with one', async () => {
    const bad = await runCli(['run', '--scenario-file', 'package.json']);
    expect(bad.code).toBe(EXIT_CODES.usage);
    expect(bad.stderr).toContain('--scenario-file');
    const both = await runCli([
      'run',
      '--scenario-file',
      'examples/recordings/full.ndjson',
      '--scenario',
      'rejected',
    ]);
    expect(both.code).toBe(EXIT_CODES.usage);
    expect(both.stderr).toContain('a recording replays one flow as it was recorded');
  }, 30_000);
});
