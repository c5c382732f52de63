/**
 * Rewrites the chart's diagrams from the code (`npm run readme:diagram`): the overview in
 * README.md (lifecycle and node states) and the whole chart in docs/chart.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { kycFlowMachine, OVERVIEW_DEPTH, toMermaid } from '../src/machine/index.js';

export const DIAGRAM_BLOCK = /<!-- diagram:start -->\n([\s\S]*?)<!-- diagram:end -->/;

const mermaidBlock = (diagram: string) => `\`\`\`mermaid\n${diagram.trimEnd()}\n\`\`\`\n`;

/** The README's copy: the chart folded to the lifecycle and the node states. */
export const diagramBlock = (): string =>
  mermaidBlock(toMermaid(kycFlowMachine, { depth: OVERVIEW_DEPTH }));

export const CHART_DOCUMENT = 'docs/chart.md';

/** docs/chart.md: every state and every transition. */
export const chartDocument = (): string => `# The chart, in full

Every state of kyc-flow's chart and every transition, with the guard that picks it. Generated
from the code by \`npm run readme:diagram\` and checked by the test suite;
\`npx kyc-flow diagram --full\` prints the same. The README shows the chart folded to the
lifecycle and the node states (\`npx kyc-flow diagram\`).

Reading it: \`pollExecution done [routeIs completed]\` is the status poll's answer, routed
by its guard; \`watchExecution\` is the same read beside a node that waits for the host;
\`… error [errorIs transient]\` is a failed call, routed by what kind of trouble it is.

${mermaidBlock(toMermaid(kycFlowMachine))}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = await readFile('README.md', 'utf8');
  await writeFile(
    'README.md',
    readme.replace(DIAGRAM_BLOCK, `<!-- diagram:start -->\n${diagramBlock()}<!-- diagram:end -->`),
  );
  await writeFile(CHART_DOCUMENT, chartDocument());
}
