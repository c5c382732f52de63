import { describe, expect, it } from 'vitest';
import {
  personalScrub,
  personalValuesOf,
  valueRedactor,
} from '../../src/adapters/node/cli/profile-values.js';
import { loadProfile } from '../../src/adapters/node/load-profile.js';

const SAMPLE = 'examples/profiles/jane-doe.json';

describe('the profile values kept out of CLI output', () => {
  it('are the person, contact, files, form answers and code; never the contract words', async () => {
    const values = personalValuesOf(await loadProfile(SAMPLE));
    expect(values).toEqual(
      expect.arrayContaining([
        'Jane Doe',
        'Jane',
        'Doe',
        'jane.doe@example.com',
        '+65 9123 4567',
        '1990-04-12',
        '1 Example Road, #02-03, Singapore 123456',
        'EMPLOYMENT',
        '123456',
      ]),
    );
    for (const word of [
      'INTERNATIONAL_PASSPORT',
      'UTILITY_TELEPHONE_BILL',
      'WIDTH',
      'PASS',
      'SG',
    ]) {
      expect(values).not.toContain(word);
    }
  });

  it('are redacted as whole words in any case, and inside JSON text as JSON writes them', () => {
    const scrub = valueRedactor(['Jane Doe', 'Jane', 'Doe', '1 "Quoted" Road']);
    expect(scrub('refused for JANE DOE, born later')).toBe('refused for [redacted], born later');
    expect(scrub('Doe said: Janet Doering')).toBe('[redacted] said: Janet Doering');
    const line = JSON.stringify({ apiMsg: 'at 1 "Quoted" Road' });
    expect(JSON.parse(scrub(line))).toEqual({ apiMsg: 'at [redacted]' });
  });

  it('leave the text as it was when there is nothing to look for', () => {
    expect(valueRedactor([])('node waiting: flow_action_liveness_test')).toBe(
      'node waiting: flow_action_liveness_test',
    );
  });
});

describe('the scrub of a run', () => {
  it('keeps a date out in the other ways it is written', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    for (const spelling of ['12 Apr 1990', '12 April 1990', 'April 12, 1990', '12/04/1990']) {
      expect(scrub(`born ${spelling}.`)).toBe('born [redacted].');
    }
  });

  it('keeps a phone number out written without its spaces too', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    expect(scrub('code sent to +6591234567 and +65 9123 4567')).toBe(
      'code sent to [redacted] and [redacted]',
    );
  });

  it('learns what the OCR read off the document, and keeps it out of everything after', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    const failed = 'FAILED: name JOHN SMITH does not match, document S2871757, born 1985-02-01';
    expect(scrub(failed)).toBe(failed);
    scrub.learn({ name: 'JOHN SMITH', documentNumber: 'S2871757', dateOfBirth: '1985-02-01' });
    expect(scrub(failed)).toBe(
      'FAILED: name [redacted] does not match, document [redacted], born [redacted]',
    );
    // Each word of a name on its own too, as a gateway's free text may split it.
    expect(scrub('holder SMITH')).toBe('holder [redacted]');
  });
});
