import { describe, expect, it } from 'vitest';
import { countryName, countryOptions } from '../../src/adapters/browser/countries.js';

describe('countries from Intl.DisplayNames', () => {
  it('lists the countries of ISO 3166-1 by name, sorted, with no grouping or old code', () => {
    const options = countryOptions('en');
    const codes = new Set(options.map((option) => option.code));
    // 249 assigned codes and XK, the code in common use for Kosovo (CLDR may add one).
    expect(options.length).toBeGreaterThanOrEqual(250);
    expect(options.length).toBeLessThanOrEqual(252);
    expect(options.find((option) => option.code === 'SG')?.name).toBe('Singapore');
    expect(codes.has('XK')).toBe(true);
    for (const notACountry of ['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'AC', 'IC', 'UK', 'SU', 'YU']) {
      expect(codes.has(notACountry), notACountry).toBe(false);
    }
    const names = options.map((option) => option.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
    // Built once per locale.
    expect(countryOptions('en')).toBe(options);
  });

  it('names the countries in the locale asked for', () => {
    expect(countryOptions('de').find((option) => option.code === 'DE')?.name).toBe('Deutschland');
    expect(countryName('sg', 'fr')).toBe('Singapour');
  });

  it('gives no name for what is not a country code, so a page never shows a wrong one', () => {
    expect(countryName('SG', 'en')).toBe('Singapore');
    expect(countryName('Si', 'en')).toBe('Slovenia');
    for (const code of ['Singapore', 'S', 'EU', 'ZZ', 'UK', '12', '']) {
      expect(countryName(code, 'en'), code).toBeUndefined();
    }
  });
});
