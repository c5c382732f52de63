import { METHOD_NAMES } from '../services/wire/methods.js';
import { createRandom } from './random.js';
import type { FaultKind, FaultOptions, FaultPlan } from './types.js';

export const FAULT_KINDS: readonly FaultKind[] = [
  'http-500',
  'http-503',
  'http-429',
  'service-timeout',
  'gateway-error',
  'invoke-error',
  'slow',
  'drop',
  'malformed-envelope',
  'drop-after-effect',
];

/** Random faults draw from these unless `kinds` says otherwise. */
export const DEFAULT_RANDOM_KINDS = FAULT_KINDS.filter((kind) => kind !== 'drop-after-effect');

const vendorMethods = new Set<string>(METHOD_NAMES);

/** Decides, call by call, whether a gateway call fails and how. */
export interface FaultPlanner {
  /** The next `times` calls matching `method` fail as `kind` (plans queue in order). */
  inject(plan: FaultPlan): void;
  /** The fault for this call, if any; consumes one planned fault. */
  pick(method: string): FaultKind | undefined;
}

export function createFaultPlanner(options: FaultOptions | undefined, seed: number): FaultPlanner {
  const plans: Array<{ kind: FaultKind; method: string; left: number }> = [];
  const random = createRandom(options?.seed ?? seed);
  const kinds = options?.kinds?.length ? options.kinds : DEFAULT_RANDOM_KINDS;
  const rate = options?.rate ?? 0;

  // `'*'` means the vendor's methods: admin calls steer the sandbox and stay reliable
  // unless a plan names them.
  const matches = (planned: string, method: string) =>
    planned === method || (planned === '*' && vendorMethods.has(method));

  return {
    inject(plan) {
      const times = plan.times ?? 1;
      if (!Number.isInteger(times) || times < 1) {
        throw new RangeError(`injectFaults: times must be a positive integer, got ${times}`);
      }
      if (!FAULT_KINDS.includes(plan.kind)) {
        throw new RangeError(`injectFaults: unknown fault kind ${String(plan.kind)}`);
      }
      plans.push({ kind: plan.kind, method: plan.method ?? '*', left: times });
    },
    pick(method) {
      const index = plans.findIndex((plan) => matches(plan.method, method));
      const plan = plans[index];
      if (plan) {
        plan.left -= 1;
        if (plan.left === 0) plans.splice(index, 1);
        return plan.kind;
      }
      if (rate <= 0 || !vendorMethods.has(method) || random.next() >= rate) return undefined;
      return kinds[random.int(0, kinds.length - 1)];
    },
  };
}
