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

const GARBLED: FaultKind = 'malformed-envelope';

const utf8 = new TextDecoder();

/** Callers (and methods of a caller) whose last call was garbled, remembered at most: the oldest are let go. */
const GARBLED_CALLERS_KEPT = 4_096;

/** Decides, call by call, whether a gateway call fails and how. */
export interface FaultPlanner {
  /** The next `times` calls matching `method` fail as `kind` (plans queue in order). */
  inject(plan: FaultPlan): void;
  /** Drops every planned fault not used yet (an outage over); answers how many calls they held. */
  clear(): number;
  /**
   * The fault for this call, if any; consumes one planned fault. `caller` names whom the
   * call is for (`callerOf`); asked only when the answer depends on it.
   */
  pick(method: string, caller?: () => string | undefined): FaultKind | undefined;
}

/**
 * Whom a gateway call is for, from its JSON body: its execution, else its customer (a
 * registration, a start), else `undefined`. Only the fault planner reads it.
 */
export function callerOf(body: Uint8Array): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const data = record.data as Record<string, unknown> | null | undefined;
  const caller = [
    record.executionId,
    typeof data === 'object' && data !== null ? data.customerId : undefined,
    record.customerId,
    record.email,
  ].find((value) => typeof value === 'string' && value !== '');
  return caller as string | undefined;
}

/**
 * Random faults are trouble that passes, for a client to ride out. One garbled answer
 * (`malformed-envelope`) is such trouble; one caller's answers garbled call after call are a
 * broken gateway, where a client is right to stop for attention (kyc-flow's chart does after
 * `CONTRACT_READS` = 3 unreadable answers in a row: CONTRACT_BROKEN). Drawn independently
 * at a 20 % rate over every kind, 2 % of calls came garbled, and about one chaos run (20
 * flows) in 50 to 100 handed some flow three in a row, so a run that promised every flow
 * would complete did not say what its faults allowed. Hence: a random draw never garbles a
 * caller's call right after one garbled for that caller, nor a call of a method whose last
 * call for that caller was garbled (the chart counts the unreadable answers to an answer it
 * resends across the status reads between: sent again and garbled again, it is a gateway
 * that never answers it); it fails as another of `kinds` instead (none left: no fault), so
 * the rate stays the rate. Plans (`inject`) are followed
 * as given: a test that wants a broken gateway injects `{ kind: 'malformed-envelope', times: 3 }`.
 */
export function createFaultPlanner(options: FaultOptions | undefined, seed: number): FaultPlanner {
  const plans: Array<{ kind: FaultKind; method: string; left: number }> = [];
  const random = createRandom(options?.seed ?? seed);
  const kinds = options?.kinds?.length ? options.kinds : DEFAULT_RANDOM_KINDS;
  const others = kinds.filter((kind) => kind !== GARBLED);
  const rate = options?.rate ?? 0;
  const mayGarble = rate > 0 && kinds.includes(GARBLED);
  /**
   * Callers whose last call was garbled, and each caller's methods whose last call was
   * (`caller method`): insertion order, oldest first.
   */
  const garbled = new Set<string>();

  // `'*'` means the vendor's methods: admin calls steer the sandbox and stay reliable
  // unless a plan names them.
  const matches = (planned: string, method: string) =>
    planned === method || (planned === '*' && vendorMethods.has(method));

  const planned = (method: string): FaultKind | undefined => {
    const index = plans.findIndex((plan) => matches(plan.method, method));
    const plan = plans[index];
    if (!plan) return undefined;
    plan.left -= 1;
    if (plan.left === 0) plans.splice(index, 1);
    return plan.kind;
  };

  const drawn = (method: string, afterGarbled: boolean): FaultKind | undefined => {
    if (rate <= 0 || !vendorMethods.has(method) || random.next() >= rate) return undefined;
    const kind = kinds[random.int(0, kinds.length - 1)];
    if (kind !== GARBLED || !afterGarbled) return kind;
    return others.length > 0 ? others[random.int(0, others.length - 1)] : undefined;
  };

  const remember = (keys: readonly string[], kind: FaultKind | undefined) => {
    if (kind !== GARBLED) return;
    for (const key of keys) garbled.add(key);
    while (garbled.size > GARBLED_CALLERS_KEPT) {
      const oldest = garbled.values().next().value;
      if (oldest === undefined) break;
      garbled.delete(oldest);
    }
  };

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
    clear() {
      const held = plans.reduce((sum, plan) => sum + plan.left, 0);
      plans.length = 0;
      return held;
    },
    pick(method, caller) {
      // Whom the call is for matters only when a random draw may garble it.
      const who = mayGarble && vendorMethods.has(method) ? caller?.() : undefined;
      const keys = who === undefined ? [] : [who, `${who} ${method}`];
      // Every key let go (not `some`): each protects the one call after its garble only.
      const afterGarbled = keys.map((key) => garbled.delete(key)).includes(true);
      const kind = planned(method) ?? drawn(method, afterGarbled);
      remember(keys, kind);
      return kind;
    },
  };
}
