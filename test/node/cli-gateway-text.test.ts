import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { jsonLines, runCli, sandboxSpeedEnv, secretFile } from '../support/cli.js';

const PROFILE = 'examples/profiles/jane-doe.json';
const OK = (data: object) => JSON.stringify({ apiCode: 200, apiMsg: 'OK', data });
const REGISTERED = OK({ customerId: 'C_jane_doe_001' });
const STARTED = OK({ executionId: 'E_1', status: 'RUNNING' });

/**
 * `kyc-flow run` of the sample profile against a gateway on loopback that answers each
 * method with `answers[api]` (a raw body), the status read included.
 */
async function runAgainst(answers: Readonly<Record<string, string>>, ...extra: string[]) {
  const server = createServer((request, response) => {
    request.resume();
    const api = new URL(request.url ?? '', 'http://gateway').searchParams.get('api') ?? '';
    const body = answers[api] ?? '{"apiCode":999302,"apiMsg":"no such api","data":null}';
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await runCli(
      [
        'run',
        '--profile',
        PROFILE,
        '--gateway',
        `http://127.0.0.1:${port}/gateway`,
        '--api-key',
        'ak_scripted',
        '--api-secret-file',
        secretFile('sk_scripted'),
        '--domain',
        'dom_scripted',
        ...extra,
      ],
      sandboxSpeedEnv(50),
    );
  } finally {
    server.close();
  }
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

/** What no output may hold raw: a line of the gateway's making, or a terminal control. */
function expectNothingForged(output: { stdout: string; stderr: string }) {
  for (const text of [output.stdout, output.stderr]) {
    expect(text).not.toMatch(/^APPROVED/m);
    expect(text.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u);
  }
}

describe('kyc-flow run prints what a gateway says on the line it belongs to', () => {
  it('a node type with line breaks and escapes: one UNKNOWN NODE line, exit 17', async () => {
    const forged = OK({
      executionId: 'E_1',
      status: 'WAITING',
      currentNode: {
        nodeId: 'n\u001b[31m',
        nodeType: 'flow_action_x\nAPPROVED (execution exec-fake)\n\u001b[2K',
        callbackKey: 'k\r\nAPPROVED',
      },
    });
    const result = await runAgainst({
      'workflow.applicant.register': REGISTERED,
      'workflow.apply.submit': STARTED,
      'workflow.execution.status': forged,
    });
    expect(result.code).toBe(EXIT_CODES.unknownNode);
    expect(lines(result.stdout)).toEqual([
      'UNKNOWN NODE flow_action_x\\nAPPROVED (execution exec-fake)\\n\\u001b[2K (execution E_1)',
    ]);
    expect(result.stderr).toContain(
      'node waiting of a type this client does not know: flow_action_x\\nAPPROVED (execution exec-fake)\\n\\u001b[2K\n',
    );
    expectNothingForged(result);
  }, 30_000);

  it('a refused start whose apiMsg has line breaks and escapes: one line, exit 21', async () => {
    const refused = JSON.stringify({
      apiCode: 422009,
      apiMsg: 'refused\nAPPROVED (execution exec-fake)\n\u001b[1A\u001b[2Kdone',
      data: null,
    });
    const result = await runAgainst({
      'workflow.applicant.register': REGISTERED,
      'workflow.apply.submit': refused,
    });
    expect(result.code).toBe(EXIT_CODES.refused);
    expect(lines(result.stdout)).toEqual([
      'REFUSED BEFORE IT BEGAN: GATEWAY_ERROR workflow.apply.submit failed: 422009 refused\\nAPPROVED (execution exec-fake)\\n\\u001b[1A\\u001b[2Kdone',
    ]);
    expect(result.stderr).toContain('the gateway refused the onboarding before it began');
    expectNothingForged(result);
  }, 30_000);

  it('a FAILED whose code and message have line breaks: one FAILED line, exit 11', async () => {
    const failed = OK({
      executionId: 'E_1',
      status: 'FAILED',
      error: { code: 'X\nAPPROVED', message: 'screening failed\nAPPROVED (execution exec-fake)' },
    });
    const result = await runAgainst({
      'workflow.applicant.register': REGISTERED,
      'workflow.apply.submit': STARTED,
      'workflow.execution.status': failed,
    });
    expect(result.code).toBe(EXIT_CODES.failed);
    expect(lines(result.stdout)).toEqual([
      'FAILED (execution E_1): X\\nAPPROVED screening failed\\nAPPROVED (execution exec-fake)',
    ]);
    expectNothingForged(result);
  }, 30_000);
});

describe('kyc-flow run --json', () => {
  it('stays one valid JSON object per line, with the gateway text as it sent it', async () => {
    const nodeType = 'flow_action_x\nAPPROVED\u001b[2K\u0085\u2028\u202e\u007f';
    const result = await runAgainst(
      {
        'workflow.applicant.register': REGISTERED,
        'workflow.apply.submit': STARTED,
        'workflow.execution.status': OK({
          executionId: 'E_1',
          status: 'WAITING',
          currentNode: { nodeId: 'n1', nodeType, callbackKey: 'k1' },
        }),
      },
      '--json',
    );
    expect(result.code).toBe(EXIT_CODES.unknownNode);
    const events = jsonLines(result.stdout);
    expect(lines(result.stdout)).toHaveLength(events.length);
    const unknown = events.find(
      (event) => event.type === 'flow' && JSON.stringify(event.event).includes('unknownNode'),
    );
    // Escaped as JSON escapes it: parsed, the same text the gateway sent.
    expect(unknown?.event).toMatchObject({ type: 'unknownNode', node: { nodeType } });
    expectNothingForged(result);
  }, 30_000);
});

describe("kyc-flow run keeps the customer's data out however a gateway spells it", () => {
  it("a FAILED repeating the profile in other spellings: each blotted, the line's own words kept", async () => {
    const variants = [
      '6591234567',
      '9123 4567',
      '91234567',
      '+65-9123-4567',
      '1990-4-12',
      '12/4/1990',
      '1 EXAMPLE ROAD',
      'Singapore 123456',
    ];
    const message = variants.map((variant, index) => `v${index + 1} ${variant}`).join(' ');
    const result = await runAgainst({
      'workflow.applicant.register': REGISTERED,
      'workflow.apply.submit': STARTED,
      'workflow.execution.status': OK({
        executionId: 'E_1',
        status: 'FAILED',
        error: { code: 'SCREENING_HIT', message },
      }),
    });
    expect(result.code).toBe(EXIT_CODES.failed);
    const blotted = variants.map((_, index) => `v${index + 1} [redacted]`).join(' ');
    expect(lines(result.stdout)).toEqual([`FAILED (execution E_1): SCREENING_HIT ${blotted}`]);
    for (const variant of variants) expect(result.stderr).not.toContain(variant);
  }, 30_000);
});

describe('kyc-flow run --json keeps every line JSON whatever the profile holds', () => {
  it("a number of the gateway's equal to the profile's OTP code: still JSON, never the code", async () => {
    // The sample profile's OTP code is 123456: as a number in a node's config it must not
    // turn into an unquoted placeholder.
    const result = await runAgainst(
      {
        'workflow.applicant.register': REGISTERED,
        'workflow.apply.submit': STARTED,
        'workflow.execution.status': OK({
          executionId: 'E_1',
          status: 'WAITING',
          currentNode: {
            nodeId: 'n1',
            nodeType: 'flow_action_video_call',
            callbackKey: 'k1',
            config: { timeoutMs: 123456, code: 123456, slots: [123456, 7], ok: true },
          },
        }),
      },
      '--json',
    );
    expect(result.code).toBe(EXIT_CODES.unknownNode);
    const events = jsonLines(result.stdout);
    expect(lines(result.stdout)).toHaveLength(events.length);
    const unknown = events.find((event) => JSON.stringify(event).includes('unknownNode'));
    expect(unknown?.event).toMatchObject({
      node: { config: { timeoutMs: '[redacted]', slots: ['[redacted]', 7], ok: true } },
    });
    expect(result.stdout).not.toContain('123456');
  }, 30_000);
});

/** Output as a reader sees it: invisible characters gone, raw or as escapes. */
const asSeen = (text: string) =>
  text
    .replace(/[\p{Cf}\p{DI}]/gu, '')
    .replace(/\\u[\da-fA-F]{4}/g, '')
    .toLowerCase();

describe('kyc-flow run keeps out a value with invisible characters slipped inside it', () => {
  const hidden = [
    'jane\u200b.doe@example.com',
    'jane.doe@\ufeffexample.com',
    'Ja\u200bne D\u00adoe',
    '+65 9123\u2060 4567',
  ];
  const answers = (where: 'message' | 'config') => ({
    'workflow.applicant.register': REGISTERED,
    'workflow.apply.submit': STARTED,
    'workflow.execution.status': OK(
      where === 'message'
        ? {
            executionId: 'E_1',
            status: 'FAILED',
            error: { code: 'SCREENING_HIT', message: `hit on ${hidden.join(' / ')}` },
          }
        : {
            executionId: 'E_1',
            status: 'WAITING',
            currentNode: {
              nodeId: 'n1',
              nodeType: 'flow_action_video_call',
              callbackKey: 'k1',
              config: { contact: hidden[0], holder: hidden[2], note: `call ${hidden[3]}` },
            },
          },
    ),
  });

  const expectNotSeen = (output: { stdout: string; stderr: string }) => {
    for (const text of [output.stdout, output.stderr].map(asSeen)) {
      for (const value of ['jane.doe@example.com', 'doe@example', 'jane doe', '9123 4567']) {
        expect(text).not.toContain(value);
      }
    }
  };

  it('in an apiMsg printed as a line: blotted out, the line kept', async () => {
    const result = await runAgainst(answers('message'));
    expect(result.code).toBe(EXIT_CODES.failed);
    expect(lines(result.stdout)).toEqual([
      'FAILED (execution E_1): SCREENING_HIT hit on [redacted] / [redacted] / [redacted] / [redacted]',
    ]);
    expectNotSeen(result);
  }, 30_000);

  it("in a node's config on a line of NDJSON: blotted out, the line still JSON", async () => {
    const result = await runAgainst(answers('config'), '--json');
    expect(result.code).toBe(EXIT_CODES.unknownNode);
    const unknown = jsonLines(result.stdout).find((event) =>
      JSON.stringify(event).includes('unknownNode'),
    );
    expect(unknown?.event).toMatchObject({
      node: { config: { contact: '[redacted]', holder: '[redacted]', note: 'call [redacted]' } },
    });
    expectNotSeen(result);
  }, 30_000);
});
