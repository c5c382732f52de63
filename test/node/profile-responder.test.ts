import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import type { AnswerableKind, NodeRequest } from '../../src/adapters/node/responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import type { FlowView, HostEventType } from '../../src/machine/index.js';
import type { NodeConfig } from '../../src/services/wire/records.js';
import { fakeStorage, nodeRequest } from './profile-request.js';

let profile: CustomerProfile;
beforeAll(async () => {
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});

/** The responder asked about a `kind` node (see `nodeRequest`), with its config and view. */
const request = (
  kind: AnswerableKind,
  expects: HostEventType[],
  config?: NodeConfig,
  view: Partial<FlowView> = {},
): NodeRequest => nodeRequest(kind, expects, { ...(config && { config }), view });

describe('profile responder', () => {
  it('uploads the identity document images and submits their storage URLs', async () => {
    const storage = fakeStorage();
    const responder = createProfileResponder(profile, { upload: storage.upload });
    const events = await responder.respond(
      request('identityDocument', ['SUBMIT_IDENTITY_DOCUMENT'], {
        acceptedDocumentTypes: ['INTERNATIONAL_PASSPORT'],
      }),
    );
    expect(
      storage.uploads
        .map((upload) => [upload.filename, upload.executionId, upload.file.type])
        .sort(),
    ).toEqual([
      ['passport-back.png', 'ex_1', 'image/png'],
      ['passport-front.png', 'ex_1', 'image/png'],
    ]);
    expect(
      storage.uploads.find((upload) => upload.filename === 'passport-front.png')?.file.size,
    ).toBe((await stat('examples/profiles/files/passport-front.png')).size);
    expect(events).toEqual([
      {
        type: 'SUBMIT_IDENTITY_DOCUMENT',
        document: {
          documentType: 'INTERNATIONAL_PASSPORT',
          region: 'SG',
          frontImage: 's3://workflow-kyc/ex_1/passport-front.png',
          backImage: 's3://workflow-kyc/ex_1/passport-back.png',
          provider: 'WIDTH',
        },
      },
    ]);
  });

  it('asks for a retake first when the flow wants one, uploading nothing', async () => {
    const storage = fakeStorage();
    const responder = createProfileResponder(profile, { upload: storage.upload });
    expect(await responder.respond(request('identityDocument', ['RETAKE']))).toEqual([
      { type: 'RETAKE' },
    ]);
    expect(storage.uploads).toEqual([]);
  });

  it('refuses a document type the node does not accept', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    const error = await Promise.resolve(
      responder.respond(
        request('identityDocument', ['SUBMIT_IDENTITY_DOCUMENT'], {
          acceptedDocumentTypes: ['NATIONAL_ID'],
        }),
      ),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponderError);
    expect(error).toMatchObject({ field: 'identityDocument.documentType' });
  });

  it('passes URLs through without uploading them', async () => {
    const storage = fakeStorage();
    const withUrl: CustomerProfile = {
      ...profile,
      liveness: {
        ...(profile.liveness as NonNullable<CustomerProfile['liveness']>),
        selfie: 'https://cdn.example/selfie.png',
      },
    };
    const events = await createProfileResponder(withUrl, storage).respond(
      request('liveness', ['SUBMIT_LIVENESS']),
    );
    expect(storage.uploads).toEqual([]);
    expect(events).toMatchObject([
      {
        type: 'SUBMIT_LIVENESS',
        liveness: { status: 'PASS', images: { faceFull: 'https://cdn.example/selfie.png' } },
      },
    ]);
  });

  it('adds the documents the node lists that are not in yet, then submits', async () => {
    const storage = fakeStorage();
    const responder = createProfileResponder(profile, storage);
    const config = {
      requiredDocuments: [
        { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true },
        { docType: 'BANK_STATEMENT', isRequired: false },
      ],
    } satisfies NodeConfig;
    const events = await responder.respond(
      request('requiredDocuments', ['ADD_DOCUMENT', 'SUBMIT_DOCUMENTS'], config, {
        documents: { added: ['UTILITY_TELEPHONE_BILL'], missing: [], pending: [] },
      }),
    );
    expect(events).toEqual([
      {
        type: 'ADD_DOCUMENT',
        document: {
          docType: 'BANK_STATEMENT',
          files: {
            front: {
              url: 's3://workflow-kyc/ex_1/bank-statement.pdf',
              filename: 'bank-statement.pdf',
              content_type: 'application/pdf',
              size: (await stat('examples/profiles/files/bank-statement.pdf')).size,
            },
          },
          extraData: { periodEnd: '2026-02-28' },
        },
      },
      { type: 'SUBMIT_DOCUMENTS' },
    ]);
  });

  it('names a required document the profile lacks', async () => {
    const responder = createProfileResponder({ ...profile, documents: [] }, fakeStorage());
    const error = await Promise.resolve(
      responder.respond(
        request('requiredDocuments', ['ADD_DOCUMENT'], {
          requiredDocuments: [{ docType: 'UTILITY_TELEPHONE_BILL', isRequired: true }],
        }),
      ),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponderError);
    expect((error as Error).message).toContain('UTILITY_TELEPHONE_BILL');
  });

  it('sends the code first when none is out, to the node identity or else the profile address', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    expect(
      await responder.respond(request('emailOtp', ['SEND_OTP'], { identity: 'other@example.com' })),
    ).toEqual([
      { type: 'SEND_OTP', identity: 'other@example.com' },
      { type: 'VERIFY_OTP', code: '123456' },
    ]);
    expect(await responder.respond(request('phoneOtp', ['SEND_OTP']))).toEqual([
      { type: 'SEND_OTP', identity: '+65 9123 4567' },
      { type: 'VERIFY_OTP', code: '123456' },
    ]);
    expect(await responder.respond(request('phoneOtp', ['VERIFY_OTP', 'RESEND_OTP']))).toEqual([
      { type: 'VERIFY_OTP', code: '123456' },
    ]);
  });

  it('sends to the profile address where the node shows a masked one, never to the mask', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    expect(
      await responder.respond(request('emailOtp', ['SEND_OTP'], { identity: 'j***@example.com' })),
    ).toEqual([
      { type: 'SEND_OTP', identity: 'jane.doe@example.com' },
      { type: 'VERIFY_OTP', code: '123456' },
    ]);
    expect(
      await responder.respond(request('phoneOtp', ['SEND_OTP'], { identity: '+65 •••• 4567' })),
    ).toEqual([
      { type: 'SEND_OTP', identity: '+65 9123 4567' },
      { type: 'VERIFY_OTP', code: '123456' },
    ]);
  });

  it('reads the code from the environment when the profile says so', async () => {
    const responder = createProfileResponder(
      { ...profile, otp: { env: 'KYC_TEST_CODE' } },
      { ...fakeStorage(), env: { KYC_TEST_CODE: '654321' } },
    );
    expect(await responder.respond(request('emailOtp', ['VERIFY_OTP']))).toEqual([
      { type: 'VERIFY_OTP', code: '654321' },
    ]);
  });

  it('submits the forms the node names that are not submitted yet', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    expect(
      await responder.respond(
        request('requiredForms', ['SUBMIT_FORMS'], { formIds: ['IndividualForm'] }),
      ),
    ).toEqual([
      {
        type: 'SUBMIT_FORMS',
        forms: [
          {
            formId: 'IndividualForm',
            formData: { field_source_of_funds: 'EMPLOYMENT', field_annual_income: '50000-100000' },
          },
        ],
      },
    ]);
    const error = await Promise.resolve(
      responder.respond(request('requiredForms', ['SUBMIT_FORMS'], { formIds: ['TaxForm'] })),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ field: 'forms.TaxForm' });
  });
});
