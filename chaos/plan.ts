import { mulberry32 } from '../src/sandbox/random.js';

/** The sandbox scenarios a chaos run mixes, each with the outcome a flow must reach. */
export const CHAOS_SCENARIOS = [
  'full',
  'minimal',
  'rejected',
  'failed',
  'manual-review',
  'timeout',
  'cancelled',
  'ocr-failure',
] as const;
export type ChaosScenario = (typeof CHAOS_SCENARIOS)[number];

export type ExpectedOutcome =
  | { readonly status: 'completed'; readonly decision: 'APPROVED' | 'REJECTED' }
  | { readonly status: 'failed' | 'timedOut' | 'cancelled' };

/** One flow of a chaos run: who, which scenario, how it must end. */
export interface PlannedFlow {
  readonly index: number;
  readonly scenario: ChaosScenario;
  readonly customer: {
    readonly customerId: string;
    readonly email: string;
    readonly phone: string;
    readonly referenceId: string;
  };
  /** Manual review only: what the operator decides. */
  readonly review?: 'APPROVED' | 'REJECTED';
  readonly expected: ExpectedOutcome;
}

const ENDINGS: Record<Exclude<ChaosScenario, 'manual-review'>, ExpectedOutcome> = {
  full: { status: 'completed', decision: 'APPROVED' },
  minimal: { status: 'completed', decision: 'APPROVED' },
  rejected: { status: 'completed', decision: 'REJECTED' },
  failed: { status: 'failed' },
  timeout: { status: 'timedOut' },
  cancelled: { status: 'cancelled' },
  'ocr-failure': { status: 'completed', decision: 'APPROVED' },
};

/** `flows` flows, the scenarios in turn (every one is in the mix), decisions drawn from `seed`. */
export function planFlows(flows: number, seed: number): PlannedFlow[] {
  const random = mulberry32(seed ^ 0x5eed);
  const offset = Math.floor(random() * CHAOS_SCENARIOS.length);
  return Array.from({ length: flows }, (_, index) => {
    const scenario = CHAOS_SCENARIOS[(index + offset) % CHAOS_SCENARIOS.length] as ChaosScenario;
    const id = `chaos${seed}n${index}`;
    const customer = {
      // The magic tag forces the scenario for this customer.
      customerId: `C_${id}+${scenario}`,
      email: `${id}@example.com`,
      phone: '+6590000000',
      referenceId: `ref-${id}`,
    };
    if (scenario === 'manual-review') {
      const review = random() < 0.5 ? 'APPROVED' : 'REJECTED';
      return {
        index,
        scenario,
        customer,
        review,
        expected: { status: 'completed', decision: review },
      };
    }
    return { index, scenario, customer, expected: ENDINGS[scenario] };
  });
}

/** Whether an outcome is the one a flow had to reach. */
export function isExpected(
  outcome: { readonly status: string; readonly decision?: unknown },
  expected: ExpectedOutcome,
): boolean {
  return (
    outcome.status === expected.status &&
    (expected.status !== 'completed' || outcome.decision === expected.decision)
  );
}
