import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../src/services');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(root, file));

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
    (match) => match[1] ?? '',
  );

describe('src/services stays browser-safe', () => {
  it('scans the imports it checks', () => {
    const all = files.flatMap(importsOf);
    expect(all).toContain('zod/mini');
    expect(all).toContain('./errors/index.js');
    expect(all).toContain('ky');
  });

  it.each(files.map((file) => [relative(root, file), file]))(
    '%s imports no Node built-in, and of packages only zod/mini and ky',
    (_, file) => {
      for (const specifier of importsOf(file)) {
        expect(specifier).not.toMatch(/^node:/);
        expect(specifier).not.toMatch(/^zod(\/v4)?$/);
        expect(specifier.startsWith('.') || ['zod/mini', 'ky'].includes(specifier)).toBe(true);
      }
    },
  );
});
