import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionLengths, longestFunctions } from '../../scripts/longest-functions.js';

const SOURCE = `/** Not counted: the doc comment. */
export function declared(a: number) {
  const inner = () => {
    return a;
  };
  return inner();
}

export const arrow = (b: string) =>
  b.length;

class Shape {
  constructor() {}
  get area() {
    return 1;
  }
  method() {
    return [1, 2].map((n) => {
      return n * 2;
    });
  }
}

export const table = { entry: function () { return 1; } };
declare function bodiless(): void;
`;

describe('scripts/longest-functions', () => {
  it('measures every kind of function from its first token to its closing brace, named as a reader would search for it', () => {
    const found = functionLengths('shape.ts', SOURCE).map(({ name, line, lines }) => ({
      name,
      line,
      lines,
    }));
    expect(found).toEqual([
      { name: 'declared', line: 2, lines: 6 },
      { name: 'inner', line: 3, lines: 3 },
      { name: 'arrow', line: 9, lines: 2 },
      { name: 'constructor', line: 13, lines: 1 },
      { name: 'area', line: 14, lines: 3 },
      { name: 'method', line: 17, lines: 5 },
      { name: '(function passed to [1, 2].map)', line: 18, lines: 3 },
      { name: 'entry', line: 24, lines: 1 },
    ]);
  });

  it('walks a folder for .ts and .tsx files (declarations left out), longest first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'longest-'));
    try {
      await mkdir(join(dir, 'nested'));
      await writeFile(join(dir, 'short.ts'), 'export const one = () => 1;\n');
      await writeFile(join(dir, 'nested', 'view.tsx'), SOURCE);
      await writeFile(join(dir, 'types.d.ts'), 'export declare function gone(): void;\n');
      const all = longestFunctions([dir]);
      expect(all.map((f) => f.lines)).toEqual([6, 5, 3, 3, 3, 2, 1, 1, 1]);
      expect(all[0]?.file).toMatch(/nested[/\\]view\.tsx$/);
      expect(all.some((f) => f.name === 'one' && f.file.endsWith('short.ts'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
