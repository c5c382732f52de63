import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/adapters/node/load-profile.js';
import { editDistance, nearMiss } from '../../src/adapters/node/near-miss.js';
import { ProfileError } from '../../src/adapters/node/profile-error.js';

const PERSON = { name: 'Jane Doe', dateOfBirth: '1990-04-12', nationality: 'SG' };
const KNOWN = ['name', 'dateOfBirth', 'nationality', 'sex', 'countryOfResidence', 'address'];

/** A profile with only the sections a parse needs, `person` as given. */
const parse = (person: Record<string, unknown>) =>
  parseProfile(
    { customer: { customerId: 'C_1' }, person },
    { source: 'p.json', baseDirectory: resolve('examples/profiles') },
  );

async function issues(person: Record<string, unknown>) {
  const error = await parse(person).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ProfileError);
  return (error as ProfileError).issues;
}

describe('profile person: a misspelt known field', () => {
  it.each([
    ['countryOfResidense', 'countryOfResidence'],
    ['countryofresidance', 'countryOfResidence'],
    ['dateofBirth', 'dateOfBirth'],
    ['dateOfBrith', 'dateOfBirth'],
    ['Nationality', 'nationality'],
    ['nationalty', 'nationality'],
    ['adress', 'address'],
    ['SEX', 'sex'],
    ['nmae', 'name'],
  ])('%s is refused as a slip of %s', async (typed, meant) => {
    const person: Record<string, unknown> = { ...PERSON, [typed]: 'value' };
    expect(await issues(person)).toContainEqual({
      field: `person.${typed}`,
      message: `unknown field; did you mean ${meant}?`,
    });
  });

  it('is named even when the field it stands for is then missing', async () => {
    const { nationality, ...rest } = PERSON;
    expect(await issues({ ...rest, Nationality: nationality })).toEqual([
      { field: 'person.nationality', message: 'is required' },
      { field: 'person.Nationality', message: 'unknown field; did you mean nationality?' },
    ]);
  });
});

describe('profile person: extra fields a vendor may take', () => {
  it('still pass through, kept as written', async () => {
    const extra = {
      idNumber: 'S1234567A',
      occupation: 'engineer',
      nationalId: 'S1234567A',
      address2: '#02-03',
      firstName: 'Jane',
      placeOfBirth: 'Singapore',
    };
    const profile = await parse({ ...PERSON, ...extra });
    expect(profile.person).toEqual({ ...PERSON, ...extra });
  });
});

describe('profile person: name', () => {
  it.each(['', '   ', '\t\n'])('refuses a blank name %j', async (name) => {
    expect(await issues({ ...PERSON, name })).toEqual([
      { field: 'person.name', message: 'expected a name, not blank' },
    ]);
  });
});

describe('nearMiss', () => {
  it('takes one edit in a short key, two in a long one, case aside', () => {
    expect(nearMiss('nationalty', KNOWN)).toBe('nationality');
    // Two edits from nationality (11 letters): another field, not a slip.
    expect(nearMiss('nationalId', KNOWN)).toBeUndefined();
    expect(nearMiss('countryOfResidanse', KNOWN)).toBe('countryOfResidence');
    expect(nearMiss('idNumber', KNOWN)).toBeUndefined();
    expect(nearMiss('occupation', KNOWN)).toBeUndefined();
    expect(nearMiss('names', KNOWN)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('birth', 'brith')).toBe(1);
    expect(editDistance('adress', 'address')).toBe(1);
    expect(editDistance('', 'sex')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('profile customer: ids past what the gateway contract holds', () => {
  it.each([
    ['customerId', `C_${'x'.repeat(127)}`],
    ['referenceId', 'r'.repeat(129)],
    ['email', `${'e'.repeat(320)}@example.com`],
  ])('a %s too long is refused before anything is sent, naming it', async (field, value) => {
    const error = await parseProfile(
      { customer: { customerId: 'C_1', [field]: value }, person: PERSON },
      { source: 'p.json', baseDirectory: resolve('examples/profiles') },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).issues).toContainEqual(
      expect.objectContaining({ field: `customer.${field}` }),
    );
  });
});
