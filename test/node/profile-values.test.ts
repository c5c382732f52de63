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

  it('keeps a phone number out as its national number, however its digits are grouped', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    for (const spelling of [
      '6591234567',
      '9123 4567',
      '91234567',
      '9123-4567',
      '+65-9123-4567',
      '+65 (9123) 4567',
      '0065 9123 4567',
      '9123.4567',
    ]) {
      expect(scrub(`call ${spelling} now`)).toMatch(/^call .*\[redacted\] now$/);
      expect(scrub(`call ${spelling} now`)).not.toMatch(/\d{4}/);
    }
  });

  it('reads the calling code off the number itself, one, two or three digits long', async () => {
    const sample = await loadProfile(SAMPLE);
    for (const [phone, national] of [
      ['+1 415 555 0132', '415 555 0132'],
      ['+44 7700 900123', '07700 900123'],
      ['+852 6123 4567', '6123 4567'],
      ['+971 50 123 4567', '50 123 4567'],
    ]) {
      const scrub = personalScrub({ ...sample, customer: { ...sample.customer, phone } });
      expect(scrub(`sent to ${national}.`)).toBe('sent to [redacted].');
    }
  });

  it('keeps a date out in digits without its zeros, in the common orders', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    for (const spelling of ['1990-4-12', '12/4/1990', '4/12/1990', '12.4.1990', '1990/04/12']) {
      expect(scrub(`born ${spelling}.`)).toBe('born [redacted].');
    }
  });

  it('keeps the parts of an address out in any case, but not a lone town or country', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    expect(scrub('at 1 EXAMPLE ROAD, unit #02-03, singapore 123456')).toBe(
      'at [redacted], unit [redacted], [redacted]',
    );
    expect(scrub('a data centre in Singapore')).toBe('a data centre in Singapore');
  });

  it("leaves the run's own words alone: states, outcome lines, execution ids", async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    for (const line of [
      '[00:01] step polling',
      '[00:01] node waiting: flow_action_individual_particular',
      '[01:02] answering documents (flow_action_document_upload)',
      'APPROVED (execution exec-a078bed00640)',
      'FAILED (execution exec-123456789012): SCREENING_HIT',
      'PENDING REVIEW (execution exec-8c67e1ac873f)',
      '{"at":1234,"type":"state","state":"polling","step":"polling"}',
    ]) {
      expect(scrub(line)).toBe(line);
    }
  });

  it('finds a value right after a JSON escape, as NDJSON and printed gateway text write it', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    expect(scrub('hit:\\nJane Doe\\u001bDoe')).toBe('hit:\\n[redacted]\\u001b[redacted]');
  });

  it('finds a value with invisible characters slipped inside it, raw or as printed', async () => {
    const scrub = personalScrub(await loadProfile(SAMPLE));
    for (const hidden of [
      'jane\u200b.doe@example.com',
      'jane.doe@\ufeffexample.com',
      'ja\u00adne.doe@exam\u2060ple.com',
      'Ja\u200cne D\u200doe',
      // As `printable` writes them on a line of output, and JSON in a line of NDJSON.
      'jane\\u200b.doe@example.com',
      'Ja\\u200bne D\\u00adoe',
      '+65 9123\u200b 4567',
      '1990-04-\u200b12',
      '12 A\u200bpr 1990',
      // A tag character, outside the BMP, as raw text and as JSON's surrogate pair.
      'jane.doe@example\u{e0041}.com',
      'jane.doe@example\\udb40\\udc41.com',
      // Control characters, raw, as `--json` reads a value before JSON escapes them.
      'jane.doe@exa\u001bmple.com',
      'Ja\u007fne Doe',
      '+65 9123\u0000 4567',
    ]) {
      expect(scrub(`contact ${hidden}, please`)).toBe('contact [redacted], please');
    }
    // An invisible character beside a value, not inside it, still ends the word before it.
    expect(scrub('holder\u200bJane Doe')).toBe('holder\u200b[redacted]');
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

describe('a value too long for a pattern', () => {
  it('is blotted out as written, beside the others, where it broke the redactor (and the run)', () => {
    const long = `Jane ${'Q'.repeat(20_000)}`;
    const redact = valueRedactor([long, 'jane.doe@example.com', '+65 9123 4567']);
    const text = `name ${long}, mail JANE.DOE@example.com, phone 6591234567`;
    expect(redact(text)).toBe('name [redacted], mail [redacted], phone [redacted]');
  });
});
