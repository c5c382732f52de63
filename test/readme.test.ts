import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHART_DOCUMENT,
  chartDocument,
  DIAGRAM_BLOCK,
  diagramBlock,
} from '../scripts/readme-diagram.js';
import { EXIT_CODES } from '../src/adapters/node/cli/exit-codes.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');

describe('README', () => {
  it('opens with the two commands that work on a fresh machine', () => {
    const quickStart = readme.slice(0, readme.indexOf('## Package layout'));
    expect(quickStart).toContain('npm ci && npm start');
    expect(quickStart).toContain('npm ci && npm test');
  });

  it('shows the chart as the code draws it (npm run readme:diagram rewrites it)', () => {
    expect(readme.match(DIAGRAM_BLOCK)?.[1]).toBe(diagramBlock());
  });

  it('keeps its copy of the chart short enough to read', () => {
    expect(diagramBlock().split('\n').length).toBeLessThan(80);
  });

  it(`links the whole chart, ${CHART_DOCUMENT}, as the code draws it`, () => {
    expect(readme).toContain(`(${CHART_DOCUMENT})`);
    expect(read(CHART_DOCUMENT)).toBe(chartDocument());
  });

  it('documents every CLI exit code', () => {
    for (const code of Object.values(EXIT_CODES)) {
      expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
    }
  });
});
