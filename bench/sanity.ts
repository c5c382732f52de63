import type { BenchResult } from './main.js';
import type { PollingComparison } from './polling.js';

/**
 * Figures from flows that did not finish as the scenario says would be meaningless: every
 * flow of every side must end COMPLETED/APPROVED. Answers what went wrong, if anything.
 */
export function incompleteRuns(result: BenchResult): string[] {
  const problems: string[] = [];
  const approved = (name: string, outcomes: Record<string, number>) => {
    const other = Object.keys(outcomes).filter((key) => key.toUpperCase() !== 'COMPLETED/APPROVED');
    if (other.length > 0) problems.push(`${name}: ${JSON.stringify(outcomes)}`);
  };
  const polling = (name: string, comparison: PollingComparison) => {
    approved(`polling ${name} kyc-flow`, comparison.kycFlow.outcomes);
    approved(`polling ${name} naive`, comparison.naive.outcomes);
  };
  if (result.polling) {
    polling('full', result.polling.full);
    polling('manual-review', result.polling['manual-review']);
    polling('headless full', result.polling.headless.full);
    polling('headless manual-review', result.polling.headless['manual-review']);
  }
  const throughput = result.throughput;
  if (throughput) {
    for (const [name, side] of [
      ['kyc-flow', throughput.kycFlow],
      ['script', throughput.script],
      ['kyc-flow with no delay', throughput.noDelay.kycFlow],
      ['script with no delay', throughput.noDelay.script],
    ] as const) {
      if (side.completed !== side.flows) {
        problems.push(`throughput ${name}: ${side.completed}/${side.flows} completed`);
      }
    }
  }
  for (const row of result.scale?.rows ?? []) {
    if (row.completed !== row.flows) {
      problems.push(`scale, ${row.workers} workers: ${row.completed}/${row.flows} completed`);
    }
  }
  return problems;
}
