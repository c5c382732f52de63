/**
 * What the flows store keeps, each under a digest (never an id, a token or a key the page
 * chose): `flow:` a sealed snapshot, `slot:` which execution a caller's saved flow is,
 * `keyed:` the one `slot:` that finds an execution's kept flow,
 * `handoff:` an execution's handoff (its open link, the device that drives it),
 * `link:` a handoff link's token, `grant:` the execution handed to a device, `keeps:` the
 * executions whose flows a caller keeps (its quota).
 */
export type FlowsKey =
  | `keeps:${string}`
  | `flow:${string}`
  | `slot:${string}`
  | `keyed:${string}`
  | `handoff:${string}`
  | `link:${string}`
  | `grant:${string}`;

/** `written`; `changed`: the value was not the one expected (someone wrote first); `full`: no room. */
export type FlowsWrite = 'written' | 'changed' | 'full';

/**
 * Where the proxy keeps flows (`flow.save`, `flow.load`) and handoffs: a small key-value
 * store whose writes can be conditional, so that two instances (or two devices) changing
 * the same entry at once cannot both win. `createMemoryFlows` (one process) or
 * `createRedisFlows` (shared by every instance); a store of your own keeps the same rules:
 * `test/proxy/flows-suite.ts` is the specification both stores pass. The proxy decides
 * every expiry by its own clock; `keepMs` only lets the store collect what is past use.
 */
export interface FlowsStore {
  /** The value under `key`, if any. */
  read(key: FlowsKey): Promise<string | undefined>;
  /**
   * Writes `value` under `key`, kept `keepMs`. With `expected`, only if the value there is
   * still that one (`null`: only if there is none).
   */
  write(
    key: FlowsKey,
    value: string,
    keepMs: number,
    expected?: string | null,
  ): Promise<FlowsWrite>;
  /** Removes `key` and answers what it held: of callers taking at once, one alone gets it. */
  take(key: FlowsKey): Promise<string | undefined>;
}
