import { DEFAULT_BINDING_TTL_MS } from './expiry.js';
import type { FlowsStore } from './flows-types.js';
import { createMemoryFlows } from './memory-flows.js';
import { createSealer, type Sealer } from './seal.js';
import type { GatewayProxyOptions } from './types.js';

/** How long a handoff link can be redeemed; default 5 minutes. */
export const DEFAULT_LINK_TTL_MS = 5 * 60 * 1000;
/** How long a device that took a flow over drives it without a word; default 1 minute. */
export const DEFAULT_LEASE_MS = 60 * 1000;
/** The largest snapshot kept, in bytes of JSON; default 48 KiB. */
export const DEFAULT_MAX_SNAPSHOT_BYTES = 48 * 1024;

export interface HandoffOptions {
  /** How long a link can be redeemed, in ms; default `DEFAULT_LINK_TTL_MS` (5 minutes). */
  readonly linkTtlMs?: number;
  /**
   * How long the device that redeemed a link drives the flow after its last word (it
   * speaks every quarter of this while its page is open), in ms; default
   * `DEFAULT_LEASE_MS` (1 minute). Past it, the first device takes the flow back.
   */
  readonly leaseMs?: number;
  /** The clock, in ms; default `Date.now`. Every instance should keep time alike. */
  readonly now?: () => number;
}

/** The flows store at work: what it keeps, sealed, for how long; handoffs if they are on. */
export interface FlowKeeping {
  readonly store: FlowsStore;
  readonly sealer: Sealer;
  readonly now: () => number;
  /** A kept flow, unsaved for this long, is collected: as long as an execution stays bound. */
  readonly keepMs: number;
  readonly maxSnapshotBytes: number;
  readonly handoff: Required<Omit<HandoffOptions, 'now'>> | undefined;
}

const positive = (name: string, value: number) => {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new RangeError(`createGatewayProxy: ${name} must be a positive integer`);
  }
  return value;
};

/** The `flows` and `handoff` options, checked; `undefined` when flows are off. */
export const resolveFlowKeeping = (options: GatewayProxyOptions): FlowKeeping | undefined => {
  if (options.flows === false) return undefined;
  const handoff = options.handoff === false ? undefined : (options.handoff ?? {});
  return {
    store: options.flows ?? createMemoryFlows(),
    sealer: createSealer(options.apiSecret),
    now: handoff?.now ?? Date.now,
    keepMs: DEFAULT_BINDING_TTL_MS,
    maxSnapshotBytes: DEFAULT_MAX_SNAPSHOT_BYTES,
    handoff: handoff && {
      linkTtlMs: positive('handoff.linkTtlMs', handoff.linkTtlMs ?? DEFAULT_LINK_TTL_MS),
      leaseMs: positive('handoff.leaseMs', handoff.leaseMs ?? DEFAULT_LEASE_MS),
    },
  };
};
