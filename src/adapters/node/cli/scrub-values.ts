/**
 * `value` (plain JSON data) with `scrub` applied to each string in it, keys included, rather
 * than to the JSON text it serialises to: a scrub of the text would match a profile value
 * that is all digits (an OTP code `123456`) in a JSON number too (`"at":123456`), or one that
 * reads `true` in a literal, and write its placeholder there unquoted, which is no longer
 * JSON. A number whose digits the scrub does change (a gateway echoing the OTP code as a
 * number) becomes the scrubbed string: still JSON, never the value.
 */
export function scrubValues(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'number') {
    const text = String(value);
    const scrubbed = scrub(text);
    return scrubbed === text ? value : scrubbed;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValues(item, scrub));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [scrub(key), scrubValues(item, scrub)]),
  );
}

/**
 * A JSON text with its values scrubbed (see `scrubValues`), written back as JSON; text that
 * is not JSON is scrubbed as text.
 */
export function scrubJsonText(text: string, scrub: (text: string) => string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scrub(text);
  }
  return JSON.stringify(scrubValues(parsed, scrub));
}
