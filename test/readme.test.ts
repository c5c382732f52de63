import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHART_DOCUMENT,
  chartDocument,
  DIAGRAM_BLOCK,
  diagramBlock,
} from '../scripts/readme-diagram.js';
import { EXIT_CODES } from '../src/adapters/node/cli/exit-codes.js';
import * as nodeEntry from '../src/adapters/node/index.js';
import * as coreEntry from '../src/index.js';

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

  it('names only limits a host can import: each `*_MS` and count it names is exported', () => {
    const limits = [
      ...readme.matchAll(/`([A-Z][A-Z_]*_MS|[A-Z_]*(?:_IN_A_ROW|_READS|_PER_NODE))`/g),
    ];
    const exported = new Set([...Object.keys(coreEntry), ...Object.keys(nodeEntry)]);
    expect(limits.length).toBeGreaterThan(5);
    expect(limits.map(([, name]) => name).filter((name) => !exported.has(String(name)))).toEqual(
      [],
    );
  });

  it('says the chart limits it exports from kyc-flow: 10 minutes, 9 answers in a row', () => {
    expect(readme).toContain('10 minutes after the answer (`ANSWER_WAIT_MS`');
    expect(coreEntry.ANSWER_WAIT_MS).toBe(10 * 60_000);
    expect(readme).toContain(
      '9 answers in a row to one node re-armed under new keys (`ANSWERS_IN_A_ROW`',
    );
    expect(coreEntry.ANSWERS_IN_A_ROW).toBe(9);
  });
});
