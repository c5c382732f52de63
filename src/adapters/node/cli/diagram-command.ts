import { kycFlowMachine, toMermaid } from '../../../machine/index.js';
import { EXIT_CODES } from './exit-codes.js';

const usage = `usage: kyc-flow diagram

Prints the onboarding chart as a Mermaid stateDiagram-v2 (paste it into a Markdown file
inside a \`\`\`mermaid block, or into mermaid.live).`;

/** `kyc-flow diagram`: the chart, as Mermaid, on stdout. */
export async function diagramCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return EXIT_CODES.approved;
  }
  if (args.length > 0) {
    process.stderr.write(`kyc-flow diagram: unexpected ${args.join(' ')}\n${usage}\n`);
    return EXIT_CODES.usage;
  }
  process.stdout.write(toMermaid(kycFlowMachine));
  return EXIT_CODES.approved;
}
