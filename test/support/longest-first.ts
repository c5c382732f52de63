import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The e2e suites that take longest (a minute or so each on a 2-core CI machine). A clean
 * clone has no timings for vitest to order by, so it starts larger files first, and a long
 * suite in a small file (5,000 parked flows) starts last and runs alone at the end. Started
 * first, they run beside the many short ones instead. Order only: every file still runs.
 */
const LONGEST = [
  'test/queue/parked-flows.test.ts',
  'test/node/cli-trust.test.ts',
  'test/node/cli-resume.test.ts',
  'test/browser/demo-page.test.ts',
  'test/browser/demo-customer.test.ts',
  'test/node/cli-run.test.ts',
];

const rank = (root: string, spec: TestSpecification): number => {
  const index = LONGEST.indexOf(relative(root, spec.moduleId).replaceAll('\\', '/'));
  return index === -1 ? LONGEST.length : index;
};

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    // Stable: within a project's group, the listed files first, then vitest's own order.
    return sorted
      .map((spec, at) => ({ spec, at }))
      .sort(
        (a, b) =>
          a.spec.project.config.sequence.groupOrder - b.spec.project.config.sequence.groupOrder ||
          rank(root, a.spec) - rank(root, b.spec) ||
          a.at - b.at,
      )
      .map(({ spec }) => spec);
  }
}
