import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { ProfileError } from '../../src/adapters/node/profile-error.js';

const JANE = resolve('examples/profiles/jane-doe.json');
let directory: string;
let jane: Record<string, unknown>;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-profile-'));
  jane = JSON.parse(await readFile(JANE, 'utf8'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Writes a variant of the sample profile next to copies of nothing: files resolve against the sample's directory. */
async function variant(name: string, edit: (profile: Record<string, unknown>) => void) {
  const profile = structuredClone(jane);
  for (const section of ['identityDocument', 'liveness'] as const) {
    const value = profile[section] as Record<string, string>;
    for (const key of ['front', 'back', 'selfie']) {
      if (value[key]) value[key] = resolve('examples/profiles', value[key]);
    }
  }
  for (const document of profile.documents as Array<Record<string, string>>) {
    document.file = resolve('examples/profiles', document.file as string);
  }
  edit(profile);
  const path = join(directory, `${name}.json`);
  await writeFile(path, JSON.stringify(profile));
  return path;
}

async function profileError(path: string): Promise<ProfileError> {
  const error = await loadProfile(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProfileError);
  return error as ProfileError;
}

describe('loadProfile', () => {
  it('loads the sample profile with its files resolved against its own directory', async () => {
    const profile = await loadProfile(JANE);
    expect(profile.customer.email).toBe('jane.doe@example.com');
    expect(profile.baseDirectory).toBe(resolve('examples/profiles'));
    expect(profile.documents?.map((document) => document.docType)).toEqual([
      'UTILITY_TELEPHONE_BILL',
      'BANK_STATEMENT',
    ]);
  });

  it('names a missing required field', async () => {
    const error = await profileError(
      await variant('no-name', (profile) => {
        delete (profile.person as Record<string, unknown>).name;
      }),
    );
    expect(error.field).toBe('person.name');
    expect(error.message).toContain('person.name: is required');
  });

  it('names a date in the wrong format without quoting it', async () => {
    const error = await profileError(
      await variant('bad-date', (profile) => {
        (profile.person as Record<string, unknown>).dateOfBirth = '12/04/1990';
      }),
    );
    expect(error.field).toBe('person.dateOfBirth');
    expect(error.message).toContain('YYYY-MM-DD');
    expect(error.message).not.toContain('12/04/1990');
  });

  it('rejects a calendar date that does not exist', async () => {
    const error = await profileError(
      await variant('no-such-day', (profile) => {
        (profile.person as Record<string, unknown>).dateOfBirth = '1990-02-30';
      }),
    );
    expect(error.field).toBe('person.dateOfBirth');
  });

  it('names a file the profile points at that cannot be read', async () => {
    const error = await profileError(
      await variant('missing-file', (profile) => {
        const documents = profile.documents as Array<Record<string, unknown>>;
        documents[1] = { ...documents[1], file: 'files/nowhere.pdf' };
      }),
    );
    expect(error.issues).toEqual([
      { field: 'documents.1.file', message: 'cannot read the file (ENOENT)' },
    ]);
    // The path is the profile's text (it may name the customer): the field says which.
    expect(error.message).not.toContain('nowhere.pdf');
  });

  it('lets URLs through without reading them', async () => {
    const path = await variant('urls', (profile) => {
      (profile.liveness as Record<string, unknown>).selfie = 's3://workflow-kyc/samples/selfie.png';
    });
    await expect(loadProfile(path)).resolves.toMatchObject({
      liveness: { selfie: 's3://workflow-kyc/samples/selfie.png' },
    });
  });

  it('requires a customerId or an email', async () => {
    const error = await profileError(
      await variant('no-customer', (profile) => {
        profile.customer = { phone: '+65 9123 4567' };
      }),
    );
    expect(error.field).toBe('customer.customerId');
  });

  it('names an unknown field, so a typo is not silently ignored', async () => {
    const error = await profileError(
      await variant('typo', (profile) => {
        profile.documets = [];
      }),
    );
    expect(error.message).toContain('unknown field documets');
  });

  it('checks that an OTP environment variable is set', async () => {
    const path = await variant('otp-env', (profile) => {
      profile.otp = { env: 'KYC_TEST_OTP_CODE' };
    });
    const error = await loadProfile(path, { env: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).field).toBe('otp.env');
    await expect(loadProfile(path, { env: { KYC_TEST_OTP_CODE: '123456' } })).resolves.toBeTruthy();
  });

  it('reports an unreadable or malformed profile file as the file', async () => {
    expect((await profileError(join(directory, 'absent.json'))).field).toBe('(file)');
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{"person": {"name": "Jane Doe"');
    const error = await profileError(broken);
    expect(error.field).toBe('(file)');
    expect(error.message).not.toContain('Jane');
  });
});
