import { kycFlowMachine, OVERVIEW_DEPTH, toMermaid } from '../../../machine/index.js';
import { EXIT_CODES } from './exit-codes.js';

const usage = `usage: kyc-flow diagram [--full]

Prints the onboarding chart as a Mermaid stateDiagram-v2 (paste it into a Markdown file
inside a \`\`\`mermaid block, or into mermaid.live): the lifecycle and the node states, with
one transition per pair of states. --full prints every state and every transition.`;

/** `kyc-flow diagram [--full]`: the chart, as Mermaid, on stdout. */
export async function diagramCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return EXIT_CODES.approved;
  }
  const unexpected = args.filter((arg) => arg !== '--full');
  if (unexpected.length > 0) {
    process.stderr.write(`kyc-flow diagram: unexpected ${unexpected.join(' ')}\n${usage}\n`);
    return EXIT_CODES.usage;
  }
  const full = args.includes('--full');
  process.stdout.write(toMermaid(kycFlowMachine, full ? {} : { depth: OVERVIEW_DEPTH }));
  return EXIT_CODES.approved;
}
