import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { createKycFlow, type KycFlow } from '../../src/machine/index.js';
import type { FlowEmitted, HostEvent } from '../../src/machine/types.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import type { MethodName } from '../../src/services/index.js';
import { gatewayArgs, runCli } from '../support/cli.js';
import { writePlantedProfile } from '../support/planted-profile.js';
import { clientFor, customerFor, openSandbox, POLLING, withSandbox } from './sandbox-harness.js';
import { SAMPLE_DOCUMENTS, SAMPLE_EVENTS } from './view-host.js';

/**
 * Bad host input is refused with a validation error that names the field, before anything
 * is sent: the sandbox never hears of it, and the flow waits for a better answer.
 */

const nextError = (flow: KycFlow) =>
  new Promise<Extract<FlowEmitted, { type: 'error' }>>((resolve) => {
    const off = flow.on('*', (event) => {
      if (event.type !== 'error') return;
      off();
      resolve(event);
    });
  });

const untilState = (flow: KycFlow, state: string) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      const view = flow.getView();
      if (view.state === state) {
        unsubscribe();
        resolve();
      } else if (view.done) {
        unsubscribe();
        reject(new Error(`ended ${view.state} before ${state}`));
      }
    };
    const unsubscribe = flow.subscribe(check);
    check();
  });

interface Refusal {
  readonly event: HostEvent;
  /** The field the error must name. */
  readonly field: string;
}

/** Sends each bad event in `state` and checks it is refused by name, nothing sent. */
async function refuseEach(
  sandbox: Sandbox,
  flow: KycFlow,
  state: string,
  method: MethodName,
  refusals: readonly Refusal[],
): Promise<void> {
  await untilState(flow, state);
  for (const { event, field } of refusals) {
    const before = sandbox.stats().calls[method] ?? 0;
    const refused = nextError(flow);
    flow.send(event);
    const { error } = await refused;
    expect(error, `${event.type} → ${field}`).toMatchObject({
      code: 'VALIDATION_ERROR',
      field,
      retryable: false,
    });
    expect(error.message).toContain(field);
    await untilState(flow, state);
    expect(flow.getView().error?.field).toBe(field);
    expect(sandbox.stats().calls[method] ?? 0, `${method} after ${field}`).toBe(before);
  }
}

const identity = SAMPLE_EVENTS.identityDocument.document;
const person = SAMPLE_EVENTS.particulars.personData;
const liveness = SAMPLE_EVENTS.liveness.liveness;
const bill = SAMPLE_DOCUMENTS.UTILITY_TELEPHONE_BILL?.document;

describe('bad host input', () => {
  it('is refused at every node with an error naming the field, and nothing is sent', async () => {
    const sandbox = await openSandbox();
    const customer = customerFor('full');
    const flow = createKycFlow({ client: clientFor(sandbox), customer, polling: POLLING }).start();
    flow.send({ type: 'START' });

    const submitIdentity = (document: object) =>
      ({ type: 'SUBMIT_IDENTITY_DOCUMENT', document }) as HostEvent;
    await refuseEach(sandbox, flow, 'tracking.identityDocument.awaitingInput', 'workflow.kyc.ocr', [
      {
        event: submitIdentity({ ...identity, documentType: 'LIBRARY_CARD' }),
        field: 'documentType',
      },
      { event: submitIdentity({ ...identity, region: 'S' }), field: 'region' },
      { event: submitIdentity({ ...identity, frontImage: '' }), field: 'frontImage' },
    ]);
    flow.send(SAMPLE_EVENTS.identityDocument);

    const particulars = (personData: object) =>
      ({ type: 'SUBMIT_PARTICULARS', personData }) as HostEvent;
    const { name: _name, ...nameless } = person;
    await refuseEach(
      sandbox,
      flow,
      'tracking.particulars.awaitingInput',
      'workflow.kyc.particular.data',
      [
        { event: particulars(nameless), field: 'personData.name' },
        {
          event: particulars({ ...person, dateOfBirth: '15/01/1990' }),
          field: 'personData.dateOfBirth',
        },
        { event: particulars({ ...person, nationality: 'SGP' }), field: 'personData.nationality' },
      ],
    );
    flow.send(SAMPLE_EVENTS.particulars);

    const submitLiveness = (value: object) =>
      ({ type: 'SUBMIT_LIVENESS', liveness: value }) as HostEvent;
    await refuseEach(
      sandbox,
      flow,
      'tracking.liveness.awaitingInput',
      'workflow.kyc.liveness.data',
      [
        { event: submitLiveness({ ...liveness, images: {} }), field: 'images.faceFull' },
        { event: submitLiveness({ ...liveness, status: 'MAYBE' }), field: 'status' },
      ],
    );
    flow.send(SAMPLE_EVENTS.liveness);

    await refuseEach(sandbox, flow, 'tracking.emailOtp.awaitingIdentity', 'workflow.kyc.otp.send', [
      { event: { type: 'SEND_OTP', identity: 'x' }, field: 'identity' },
    ]);
    // A refused identity went nowhere: a plain SEND_OTP goes to the node's address, not to it.
    const answered = new Promise<FlowEmitted>((resolve) => {
      const off = flow.on('*', (event) => {
        if (event.type !== 'otpSent' && event.type !== 'error') return;
        off();
        resolve(event);
      });
    });
    flow.send({ type: 'SEND_OTP' });
    expect(await answered).toMatchObject({ type: 'otpSent', channel: 'email' });
    expect(flow.getView().otp?.identity).toBe(customer.email);
    await refuseEach(sandbox, flow, 'tracking.emailOtp.codeSent', 'workflow.kyc.otp.verify', [
      { event: { type: 'VERIFY_OTP', code: '12ab56' }, field: 'code' },
      { event: { type: 'VERIFY_OTP', code: '12' }, field: 'code' },
    ]);
    flow.send({ type: 'VERIFY_OTP', code: '123456' });

    await untilState(flow, 'tracking.phoneOtp.awaitingIdentity');
    flow.send({ type: 'SEND_OTP' });
    await untilState(flow, 'tracking.phoneOtp.codeSent');
    flow.send({ type: 'VERIFY_OTP', code: '123456' });

    await refuseEach(
      sandbox,
      flow,
      'tracking.requiredDocuments.collecting',
      'workflow.kyc.required.doc',
      [
        {
          event: {
            type: 'ADD_DOCUMENT',
            document: { ...bill, files: { front: { url: '' } } },
          } as HostEvent,
          field: 'doc.front.url',
        },
      ],
    );
    flow.send(SAMPLE_DOCUMENTS.UTILITY_TELEPHONE_BILL as HostEvent);
    flow.send({ type: 'SUBMIT_DOCUMENTS' });

    await refuseEach(
      sandbox,
      flow,
      'tracking.requiredForms.awaitingInput',
      'workflow.kyc.required.form',
      [
        {
          event: { type: 'SUBMIT_FORMS', forms: [{ formId: '', formData: {} }] },
          field: 'formId',
        },
      ],
    );
    flow.send(SAMPLE_EVENTS.forms);

    // Refused input leaves nothing behind: the flow ends as if it had been right all along.
    await expect(flow.whenDone()).resolves.toMatchObject({
      status: 'completed',
      decision: 'APPROVED',
    });
    expect(Math.max(...Object.values(sandbox.stats().effects))).toBe(1);
  }, 30_000);

  it.concurrent.each([
    [
      'a missing required field',
      (profile: Record<string, unknown>) => {
        delete (profile.person as Record<string, unknown>).name;
      },
      'person.name',
    ],
    [
      'a date in the wrong format',
      (profile: Record<string, unknown>) => {
        (profile.person as Record<string, unknown>).dateOfBirth = '12/04/1990';
      },
      'person.dateOfBirth',
    ],
    [
      'an unreadable file',
      (profile: Record<string, unknown>) => {
        (profile.liveness as Record<string, unknown>).selfie = '/nonexistent/selfie.png';
      },
      'liveness.selfie',
    ],
  ] as const)(
    'kyc-flow run refuses a profile with %s, naming the field, before calling the gateway',
    (_, edit, field) =>
      withSandbox({}, async (sandbox) => {
        const directory = await mkdtemp(join(tmpdir(), 'kyc-host-input-'));
        try {
          const profile = await writePlantedProfile(directory, edit);
          const { code, stdout, stderr } = await runCli([
            'run',
            '--profile',
            profile,
            ...gatewayArgs(sandbox),
          ]);
          expect(code).toBe(EXIT_CODES.usage);
          expect(stderr).toContain(field);
          expect(stdout).toBe('');
          expect(sandbox.stats().calls).toEqual({});
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      }),
    30_000,
  );

  it('a state file that is not a kyc-flow snapshot is refused before anything is sent', async () => {
    const sandbox = await openSandbox();
    const directory = await mkdtemp(join(tmpdir(), 'kyc-host-input-'));
    try {
      const profile = await writePlantedProfile(directory);
      const stateFile = join(directory, 'state.json');
      await writeFile(stateFile, JSON.stringify({ version: 1, snapshot: { value: 'nowhere' } }));
      const { code, stderr } = await runCli([
        'run',
        '--profile',
        profile,
        '--state-file',
        stateFile,
        ...gatewayArgs(sandbox),
      ]);
      expect(code).not.toBe(EXIT_CODES.approved);
      expect(stderr.length).toBeGreaterThan(0);
      expect(sandbox.stats().calls).toEqual({});
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 30_000);
});
