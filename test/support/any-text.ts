import fc from 'fast-check';

/**
 * One UTF-16 unit of text drawn from every code point, lone surrogates included (what
 * `unit: 'binary'` draws), weighted so that printable ASCII, lone surrogates and astral
 * characters all turn up often. fast-check's own `'binary'` builds a table of all 1.1 million
 * code points on first use, seconds of a unit run; this draws without one.
 */
export const anyCodePoint: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }) },
  )
  .map((codePoint) => String.fromCodePoint(codePoint));

/** Any string of such characters, as `fc.string({ unit: 'binary', ...constraints })` would draw. */
export const anyText = (constraints: fc.StringConstraints = {}): fc.Arbitrary<string> =>
  fc.string({ ...constraints, unit: anyCodePoint });
