/** A country as a picker shows it: its ISO 3166-1 alpha-2 code and its name in a locale. */
export interface CountryOption {
  readonly code: string;
  readonly name: string;
}

type Locales = string | readonly string[] | undefined;

// Codes Intl names that are no country of ISO 3166-1: groupings (EU, EZ, UN), codes
// reserved for parts of other countries (AC, CP, CQ, DG, EA, IC, TA), and the private-use
// ranges (QM–QZ, XA–XZ, ZZ) except XK, the code in common use for Kosovo.
const NOT_COUNTRIES = /^(?:EU|EZ|UN|AC|CP|CQ|DG|EA|IC|TA|Q[M-Z]|X[A-JL-Z]|ZZ)$/;

const namesOf = (locale: Locales) =>
  new Intl.DisplayNames(locale === undefined ? undefined : [locale].flat(), {
    type: 'region',
    fallback: 'code',
  });

/** A code Intl knows by a name of its own, current (not an alias such as UK or BU), a country. */
const isCountry = (code: string, name: string): boolean =>
  name !== code && !NOT_COUNTRIES.test(code) && new Intl.Locale(`und-${code}`).region === code;

const cache = new Map<string, readonly CountryOption[]>();

/**
 * Every ISO 3166-1 country, named in `locale` (the browser's by default) and sorted by
 * name, for a country picker. The names come from the platform (`Intl.DisplayNames`), so
 * no table ships with the page; built on first use for each locale, then kept. Empty
 * where the platform has no `Intl.DisplayNames`: show a text field instead.
 */
export function countryOptions(locale?: string | readonly string[]): readonly CountryOption[] {
  const key = String(locale ?? '');
  const known = cache.get(key);
  if (known) return known;
  if (typeof Intl.DisplayNames !== 'function') return [];
  const names = namesOf(locale);
  const options: CountryOption[] = [];
  // Intl lists no region codes: try the whole two-letter space and keep what it names.
  for (let first = 65; first <= 90; first += 1) {
    for (let second = 65; second <= 90; second += 1) {
      const code = String.fromCharCode(first, second);
      const name = names.of(code) ?? code;
      if (isCountry(code, name)) options.push({ code, name });
    }
  }
  const collator = new Intl.Collator(locale === undefined ? undefined : [locale].flat());
  options.sort((a, b) => collator.compare(a.name, b.name));
  cache.set(key, options);
  return options;
}

/**
 * The name of a country by its ISO 3166-1 alpha-2 code (any case), in `locale`;
 * `undefined` for a code that names no country (show the code, or ask again).
 */
export function countryName(code: string, locale?: string | readonly string[]): string | undefined {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || typeof Intl.DisplayNames !== 'function') return undefined;
  const name = namesOf(locale).of(upper) ?? upper;
  return isCountry(upper, name) ? name : undefined;
}
