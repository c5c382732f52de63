import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { fakeStorage, nodeRequest } from './profile-request.js';

let profile: CustomerProfile;
beforeAll(async () => {
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});

const individualForm = {
  formId: 'IndividualForm',
  formData: { field_source_of_funds: 'EMPLOYMENT', field_annual_income: '50000-100000' },
};
const taxResidencyForm = {
  formId: 'TaxResidencyForm',
  formData: { field_tax_residency_country: 'SG' },
};

describe('profile responder, required forms', () => {
  it('answers a form id the node names twice once', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    expect(
      await responder.respond(
        nodeRequest('requiredForms', ['SUBMIT_FORMS'], {
          config: { formIds: ['IndividualForm', 'IndividualForm'] },
        }),
      ),
    ).toEqual([{ type: 'SUBMIT_FORMS', forms: [individualForm] }]);
  });

  it('takes a node that names no form ids like one without the list: the profile forms', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    const request = (formIds?: string[]) =>
      nodeRequest('requiredForms', ['SUBMIT_FORMS'], formIds && { config: { formIds } });
    expect(await responder.respond(request([]))).toEqual(await responder.respond(request()));
    expect(await responder.respond(request([]))).toEqual([
      { type: 'SUBMIT_FORMS', forms: [individualForm, taxResidencyForm] },
    ]);
  });

  it('gives up, never sending an empty submission, when neither the node nor the profile names a form', async () => {
    const { forms: _, ...withoutForms } = profile;
    const responder = createProfileResponder(withoutForms, fakeStorage());
    for (const config of [{ formIds: [] }, undefined]) {
      const error = await Promise.resolve(
        responder.respond(nodeRequest('requiredForms', ['SUBMIT_FORMS'], config && { config })),
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponderError);
      expect(error).toMatchObject({ field: 'forms' });
      expect((error as ResponderError).message).toMatch(/names no forms/);
    }
  });

  it('sends the named forms again when all are in and the node still waits, never an empty submission', async () => {
    const responder = createProfileResponder(profile, fakeStorage());
    expect(
      await responder.respond(
        nodeRequest('requiredForms', ['SUBMIT_FORMS'], {
          config: { formIds: ['IndividualForm'] },
          view: { forms: { submitted: ['IndividualForm'], missing: [] } },
        }),
      ),
    ).toEqual([{ type: 'SUBMIT_FORMS', forms: [individualForm] }]);
  });
});
