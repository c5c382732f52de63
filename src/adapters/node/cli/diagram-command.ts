import { EXIT_CODES } from './exit-codes.js';

// Placeholder until this command lands; it must be replaced, not shipped.
export async function diagramCommand(_args: string[]): Promise<number> {
  process.stderr.write('kyc-flow diagram: not built yet\n');
  return EXIT_CODES.internal;
}
