import type { FlowCustomer, PersistedFlow } from '../../../machine/index.js';
import { SCENARIO_NAMES } from '../../../sandbox/scenarios.js';
import { isCustomersFlow } from '../flow-key.js';
import { withScenarioTag } from './scenario-tag.js';
import { UsageError } from './usage-error.js';

/** The `+<scenario>` a saved customer's id or email carries, as `withScenarioTag` wrote it. */
const tagsOf = (flow: PersistedFlow): string[] => {
  const { customer } = (flow.snapshot as { context?: { customer?: FlowCustomer } }).context ?? {};
  const local = customer?.email?.slice(0, Math.max(0, customer.email.lastIndexOf('@')));
  return [customer?.customerId, local]
    .map((text) => (text === undefined ? undefined : /\+([^+]+)$/.exec(text)?.[1]))
    .filter((tag): tag is string => tag !== undefined);
};

/**
 * The scenario a run on the embedded sandbox resumes its state file's flow in. `--scenario`
 * tags the customer (`+manual-review`), and the saved flow names that tagged customer: a
 * run without the option, as the pending review's hint says to run, would be refused as
 * another customer's. So it carries on in the scenario it began in; one given another
 * `--scenario` (or one where it began with none) is refused naming the one it began with.
 * An ended flow keeps only an email's digest: the built-in names are tried against it.
 */
export function resumedScenario(
  flow: PersistedFlow | undefined,
  customer: FlowCustomer,
  { scenario, path }: { readonly scenario?: string | undefined; readonly path: string },
): string | undefined {
  const as = (tag: string | undefined) =>
    tag === undefined ? customer : withScenarioTag(customer, tag);
  if (flow === undefined || isCustomersFlow(flow, as(scenario))) return scenario;
  // `null`: it began with no --scenario (an untagged customer, or one tagged in the profile).
  const began = [null, ...tagsOf(flow), ...SCENARIO_NAMES].find(
    (tag) => tag !== scenario && isCustomersFlow(flow, as(tag ?? undefined)),
  );
  // None fits: another customer's indeed, which the run refuses as such.
  if (began === undefined) return scenario;
  if (scenario === undefined && began !== null) return began;
  throw new UsageError(
    began === null
      ? `--scenario: the flow in ${path} began without --scenario: run it again without one`
      : `--scenario: the flow in ${path} began with --scenario ${began}: run it again with that one, or with none`,
  );
}
