import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInspector } from '@statelyai/inspect';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InspectionEvent } from 'xstate';
import { createBrowserFlow, type FlowStore } from '../../src/adapters/browser/index.js';
import { toInspectorEvent } from '../../src/adapters/browser/inspector-event.js';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { createJsonReporter } from '../../src/adapters/node/cli/json-reporter.js';
import { createLineReporter } from '../../src/adapters/node/cli/line-reporter.js';
import { createLiveReporter } from '../../src/adapters/node/cli/live-reporter.js';
import {
  createFileSnapshotStore,
  createProfileResponder,
  createRunInspector,
  loadProfile,
  runHeadless,
  type SnapshotStore,
} from '../../src/adapters/node/index.js';
import { createKycFlow } from '../../src/machine/index.js';
import type { FlowEmitted } from '../../src/machine/types.js';
import { createGatewayClient } from '../../src/services/index.js';
import { answerAll } from '../machine/answers.js';
import { type ProxyHarness, startProxyHarness, TOKENS } from '../proxy/harness.js';
import { collect, gatewayArgs, runCli, sandboxSpeedEnv } from '../support/cli.js';
import { openEventStream } from '../support/event-stream.js';
import { writePlantedProfile } from '../support/planted-profile.js';
import { textSink } from '../support/text-sink.js';

/**
 * Plants unique personal values in a customer, runs flows through every way kyc-flow
 * shows what it does (CLI output in JSON, plain and terminal form, the Node and browser
 * inspectors, reporters, logs, emitted events, saved snapshots) and searches all of it.
 */

const SPEED = 100;
const OTP_CODE = '864209';
const PLANTED = {
  name: 'Ottoline Plantedsdottir',
  emailLocal: 'ottoline.planted',
  phone: '+44 7700 900789',
  address: '17 Plantedgate, Nowhere',
  dateOfBirth: '1955-05-25',
  front: 's3://workflow-kyc/planted/ottoline-front.jpg',
  back: 's3://workflow-kyc/planted/ottoline-back.jpg',
  selfie: 's3://workflow-kyc/planted/ottoline-selfie.jpg',
  statement: 'https://files.example.net/planted/ottoline-statement.pdf',
  formAnswer: 'PLANTED_FUNDS_ORIGIN_Q7',
  issueDate: '2025-11-11',
};

/** What must never show: every planted value, any storage URL, the OTP code, the secret. */
const NEEDLES = [
  'Ottoline',
  'Plantedsdottir',
  PLANTED.emailLocal,
  PLANTED.phone,
  '7700 900789',
  'Plantedgate',
  PLANTED.dateOfBirth,
  's3://',
  'files.example.net',
  PLANTED.formAnswer,
  PLANTED.issueDate,
  OTP_CODE,
];

const leaks = (text: string, needles: readonly string[] = NEEDLES) =>
  needles.filter((needle) => text.includes(needle));

let serial = 0;
const customerOf = (channel: string) => {
  serial += 1;
  return {
    customerId: `C_planted_${channel}_${serial}+full`,
    email: `${PLANTED.emailLocal}.${channel}${serial}@example.net`,
    phone: PLANTED.phone,
  };
};

let directory: string;
let harness: ProxyHarness;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-personal-'));
  harness = await startProxyHarness({
    sandbox: { speed: SPEED, seed: 5, otpCode: OTP_CODE, faults: { rate: 0, slowMs: 20_000 } },
    // The page's selfie is a planted address no upload answered (as a liveness SDK's that
    // uploads by itself would be): the gateway's to check.
    proxy: { uploads: { fileAddresses: 'any' } },
  });
});
afterAll(async () => {
  await harness.close();
  await rm(directory, { recursive: true, force: true });
});

/** A profile full of planted values; identity images and selfie by URL, the bill uploaded. */
const plantedProfile = (channel: string) =>
  writePlantedProfile(directory, (profile) => {
    const p = profile as Record<string, Record<string, unknown>> & {
      documents: Array<Record<string, unknown>>;
      forms: Record<string, Record<string, unknown>>;
    };
    p.customer = customerOf(channel);
    p.person = { ...p.person, name: PLANTED.name, dateOfBirth: PLANTED.dateOfBirth };
    p.person.address = PLANTED.address;
    p.identityDocument = { ...p.identityDocument, front: PLANTED.front, back: PLANTED.back };
    p.liveness = { ...p.liveness, selfie: PLANTED.selfie };
    for (const document of p.documents) document.extraData = { issueDate: PLANTED.issueDate };
    const statement = p.documents.find((document) => document.docType === 'BANK_STATEMENT');
    if (statement) statement.file = PLANTED.statement;
    (p.forms.IndividualForm as Record<string, unknown>).field_source_of_funds = PLANTED.formAnswer;
    p.otp = { code: OTP_CODE };
  });

const sandboxArgs = () => gatewayArgs(harness.sandbox);

/**
 * The sandbox behind a gateway of another kind: it refuses the particulars with a message
 * that repeats the customer's name, address and birth date, as free text no pattern knows.
 */
async function echoingGateway(upstream: string) {
  const target = new URL(upstream);
  let echoes = 0;
  const server = createServer((request, response) => {
    if (request.url?.includes('workflow.kyc.particular.data')) {
      echoes += 1;
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          apiCode: 999301,
          apiMsg: `personData refused for ${PLANTED.name} of ${PLANTED.address}, born ${PLANTED.dateOfBirth}`,
          data: null,
        }),
      );
      return;
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: request.url,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(forwarded);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    echoes: () => echoes,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

describe('personal data stays in', () => {
  it.concurrent.each(['--json', 'plain'])(
    'kyc-flow run (%s output) shows none of it',
    async (mode) => {
      const profile = await plantedProfile(mode === '--json' ? 'json' : 'plain');
      const { code, stdout, stderr } = await runCli(
        ['run', '--profile', profile, ...sandboxArgs(), ...(mode === '--json' ? ['--json'] : [])],
        sandboxSpeedEnv(SPEED),
      );
      expect(code, stderr).toBe(EXIT_CODES.approved);
      // The check can fail: the run did go through the nodes that carry the planted values.
      expect(stdout + stderr).toMatch(/emailOtp|flow_action_validate_email/);
      expect(leaks(stdout + stderr)).toEqual([]);
    },
    60_000,
  );

  it.concurrent.each(['--json', 'plain'])(
    "kyc-flow run (%s output) shows none of it when the gateway's own words echo the customer",
    async (mode) => {
      const profile = await plantedProfile(`echo${mode === '--json' ? 'json' : 'plain'}`);
      const gateway = await echoingGateway(harness.sandbox.gatewayUrl);
      try {
        const args = sandboxArgs();
        args[args.indexOf('--gateway') + 1] = gateway.url;
        const { code, stdout, stderr } = await runCli(
          ['run', '--profile', profile, ...args, ...(mode === '--json' ? ['--json'] : [])],
          sandboxSpeedEnv(SPEED),
        );
        // The gateway refused the particulars, naming the customer, until the run gave up.
        expect(code, stderr).toBe(EXIT_CODES.profileCannotAnswer);
        expect(gateway.echoes()).toBeGreaterThan(0);
        expect(stdout + stderr).toMatch(/999301/);
        expect(leaks(stdout + stderr)).toEqual([]);
      } finally {
        await gateway.close();
      }
    },
    60_000,
  );

  it('kyc-flow run on a terminal (live line) shows none of it', async () => {
    const profile = await plantedProfile('tty');
    const command = [
      resolve('node_modules/.bin/tsx'),
      resolve('src/adapters/node/cli/main.ts'),
      'run',
      '--profile',
      profile,
      ...sandboxArgs(),
    ].join(' ');
    // `script` gives the command a pseudo-terminal, so the live reporter draws.
    const { code, stdout } = await collect(
      spawn('script', ['-qec', command, '/dev/null'], {
        env: { ...process.env, FORCE_COLOR: '0', ...sandboxSpeedEnv(SPEED) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(code).toBe(EXIT_CODES.approved);
    expect(stdout).toContain('\r\u001b[2K');
    expect(leaks(stdout)).toEqual([]);
  }, 60_000);

  it('runHeadless: reporters, the Node inspector pages, logs and every saved snapshot show none of it', async () => {
    const profile = await loadProfile(await plantedProfile('headless'));
    const client = createGatewayClient({
      gatewayUrl: harness.sandbox.gatewayUrl,
      storageUrl: harness.sandbox.storageUrl,
      ...harness.sandbox.credentials,
    });

    // Every snapshot file as it is on disk after each save.
    const saved: string[] = [];
    const files = createFileSnapshotStore({ directory: join(directory, 'state') });
    const store: SnapshotStore = {
      ...files,
      async save(key, persisted) {
        await files.save(key, persisted);
        saved.push(
          await readFile(join(directory, 'state', `${encodeURIComponent(key)}.json`), 'utf8'),
        );
      },
    };
    // A code in flight: verify answers slowly, so snapshots are saved while verifying.
    harness.sandbox.injectFaults({ kind: 'slow', method: 'workflow.kyc.otp.verify', times: 2 });

    // Both pages' feeds: the offline viewer's and the Stately inspector's.
    const inspector = await createRunInspector({ mode: 'stately' });
    const viewer = await openEventStream(`${inspector.viewerUrl}events`);
    const stately = await openEventStream(`${inspector.statelyUrl}/events`);

    const json = textSink();
    const lines = textSink();
    const live = textSink();
    const reporters = [
      createJsonReporter(json.stream),
      createLineReporter(lines.stream),
      createLiveReporter(live.stream),
    ];
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
      }),
    );
    const states: string[] = [];
    const raw: unknown[] = [];
    const inspectedEvents: InspectionEvent[] = [];
    try {
      const result = await runHeadless({
        client,
        customer: profile.customer,
        polling: { timeScale: SPEED },
        responder: createProfileResponder(profile, { upload: client.upload }),
        store,
        key: 'planted',
        inspect: (event) => {
          inspectedEvents.push(event);
          inspector.inspect(event);
        },
        onEvent: (event) => {
          raw.push(event);
          if (event.type === 'state') states.push(event.state);
          for (const reporter of reporters) reporter.event(event);
        },
      });
      expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    } finally {
      for (const reporter of reporters) reporter.close();
      for (const spy of spies) spy.mockRestore();
      // The Stately feed converts events once the thread is idle.
      await stately.until((messages) => messages.some((text) => text.includes('"done"')));
      viewer.close();
      stately.close();
      await inspector.stop();
    }
    const relayed = [...viewer.messages, ...stately.messages];
    expect(states).toContain('tracking.emailOtp.verifying');
    expect(saved.some((text) => text.includes('"verifying"'))).toBe(true);
    expect(viewer.messages.length).toBeGreaterThan(20);
    expect(stately.messages.length).toBeGreaterThan(20);
    // The check can fail: before redaction, the run's own events carry planted values.
    expect(leaks(JSON.stringify(raw))).toContain(PLANTED.emailLocal);
    const rawInspected = JSON.stringify(
      inspectedEvents.map((event) => ('event' in event ? event.event : null)),
    );
    expect(leaks(rawInspected)).toEqual(expect.arrayContaining(['Ottoline', 's3://', OTP_CODE]));

    expect({
      json: leaks(json.text()),
      lines: leaks(lines.text()),
      live: leaks(live.text()),
      inspector: leaks(relayed.join('\n')),
      console: leaks(logged.join('\n')),
    }).toEqual({ json: [], lines: [], live: [], inspector: [], console: [] });
    // A snapshot must hold what a resume needs (the customer, the answers) but never a code or a secret.
    expect(leaks(saved.join('\n'), [OTP_CODE, harness.sandbox.credentials.apiSecret])).toEqual([]);
  }, 60_000);

  it('in a browser: the inspector and the saved flow show none of it, and the flow holds no secret', async () => {
    const customer = customerOf('browser');
    const items: string[] = [];
    const storage: FlowStore = {
      getItem: () => null,
      setItem: (_, value) => {
        items.push(value);
      },
      removeItem: () => undefined,
    };
    const inspected: InspectionEvent[] = [];
    harness.sandbox.injectFaults({ kind: 'slow', method: 'workflow.kyc.otp.verify', times: 2 });
    const flow = createBrowserFlow({
      proxyUrl: harness.proxyUrl,
      customer,
      storage,
      headers: { authorization: `Bearer ${TOKENS.alice}` },
      polling: { timeScale: SPEED },
      inspect: (event) => inspected.push(event),
    });
    const emitted: FlowEmitted[] = [];
    flow.on('*', (event) => emitted.push(event));
    answerAll(flow, {
      otpCode: OTP_CODE,
      override: (event) =>
        event.type === 'nodeWaiting' && event.step === 'particulars'
          ? [
              {
                type: 'SUBMIT_PARTICULARS',
                personData: {
                  name: PLANTED.name,
                  dateOfBirth: PLANTED.dateOfBirth,
                  nationality: 'SG',
                  address: PLANTED.address,
                },
              },
            ]
          : event.type === 'nodeWaiting' && event.step === 'liveness'
            ? [
                {
                  type: 'SUBMIT_LIVENESS',
                  liveness: { status: 'PASS', scores: {}, images: { faceFull: PLANTED.selfie } },
                },
              ]
            : undefined,
    });
    await expect(flow.run().whenDone()).resolves.toMatchObject({ status: 'completed' });
    flow.stop();

    const sent: unknown[] = [];
    const inspector = createInspector(
      { send: (event) => sent.push(event) },
      { serialize: toInspectorEvent as never },
    );
    for (const event of inspected) inspector.inspect.next?.(event);
    // Outside a page the inspector converts each event on a zero-delay timer of its own: one
    // more such timer, set after theirs, fires once they all have.
    await new Promise((done) => setTimeout(done, 0));
    expect(sent.length).toBeGreaterThan(20);
    // The check can fail: the raw inspection events carry the planted values and the code.
    const rawText = JSON.stringify(
      inspected.map((event) => ('event' in event ? event.event : null)),
    );
    expect(leaks(rawText)).toEqual(expect.arrayContaining(['Ottoline', 's3://', OTP_CODE]));
    expect(leaks(JSON.stringify(sent))).toEqual([]);

    expect(items.some((value) => value.includes('"verifying"'))).toBe(true);
    expect(leaks(items.join('\n'), [OTP_CODE, harness.sandbox.credentials.apiSecret])).toEqual([]);
    // What the host itself is told: never a code, never a secret.
    expect(
      leaks(JSON.stringify(emitted), [OTP_CODE, harness.sandbox.credentials.apiSecret]),
    ).toEqual([]);
  }, 60_000);

  it('a flow the host runs itself emits no OTP code, and persists none while verifying', async () => {
    const customer = customerOf('core');
    const flow = createKycFlow({
      client: createGatewayClient({
        gatewayUrl: harness.sandbox.gatewayUrl,
        ...harness.sandbox.credentials,
      }),
      customer,
      polling: { timeScale: SPEED },
    });
    const emitted: FlowEmitted[] = [];
    const persisted: string[] = [];
    flow.on('*', (event) => emitted.push(event));
    flow.subscribe(() => persisted.push(JSON.stringify(flow.persist())));
    answerAll(flow, { otpCode: OTP_CODE });
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ status: 'completed' });
    expect(persisted.some((text) => text.includes('"verifying"'))).toBe(true);
    expect(leaks(persisted.join('\n') + JSON.stringify(emitted), [OTP_CODE])).toEqual([]);
  }, 30_000);
});
