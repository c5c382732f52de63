import { describe, expect, it } from 'vitest';
import { personalValuesOf, valueRedactor } from '../../src/adapters/node/cli/profile-values.js';
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
