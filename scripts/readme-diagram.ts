/** Rewrites the chart diagram in README.md from the code (`npm run readme:diagram`). */
import { readFile, writeFile } from 'node:fs/promises';
import { kycFlowMachine, toMermaid } from '../src/machine/index.js';

export const DIAGRAM_BLOCK = /<!-- diagram:start -->\n([\s\S]*?)<!-- diagram:end -->/;

export const diagramBlock = (): string =>
  `\`\`\`mermaid\n${toMermaid(kycFlowMachine).trimEnd()}\n\`\`\`\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = await readFile('README.md', 'utf8');
  await writeFile(
    'README.md',
    readme.replace(DIAGRAM_BLOCK, `<!-- diagram:start -->\n${diagramBlock()}<!-- diagram:end -->`),
  );
}
