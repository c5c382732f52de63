import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Personal data planted in a test profile: none of it may show in any output. */
export const PLANTED = {
  name: 'Zebulon Plantedname',
  dateOfBirth: '1977-07-17',
  email: 'zebulon.planted@example.org',
  phone: '+44 7700 900123',
  address: '42 Plantedlane, Testville',
  issueDate: '2025-12-24',
  formAnswer: 'PLANTED_SOURCE_OF_FUNDS',
};

/** The sample profile with planted personal data, its files pointing back at the samples. */
export async function writePlantedProfile(
  directory: string,
  edit: (profile: Record<string, unknown>) => void = () => undefined,
): Promise<string> {
  const sample = resolve('examples/profiles');
  const profile = JSON.parse(await readFile(join(sample, 'jane-doe.json'), 'utf8'));
  profile.customer = { customerId: 'C_planted_001', email: PLANTED.email, phone: PLANTED.phone };
  profile.person = {
    ...profile.person,
    name: PLANTED.name,
    dateOfBirth: PLANTED.dateOfBirth,
    address: PLANTED.address,
  };
  for (const key of ['front', 'back'] as const) {
    profile.identityDocument[key] = join(sample, profile.identityDocument[key]);
  }
  profile.liveness.selfie = join(sample, profile.liveness.selfie);
  for (const document of profile.documents) {
    document.file = join(sample, document.file);
    document.extraData = { issueDate: PLANTED.issueDate };
  }
  profile.forms.IndividualForm.field_source_of_funds = PLANTED.formAnswer;
  edit(profile);
  const path = join(directory, `profile-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, JSON.stringify(profile, null, 2));
  return path;
}
