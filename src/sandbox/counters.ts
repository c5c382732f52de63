/** The counters behind `stats()`; mutated by the engine and the HTTP face only. */
export interface Counters {
  readonly calls: Map<string, number>;
  readonly effects: Map<string, number>;
  /** Per executionId: when its status was read (the sandbox's clock), in order. */
  readonly statusReads: Map<string, number[]>;
  registrations: number;
  starts: number;
  repeatsAnswered: number;
  faultsInjected: number;
}

export const createCounters = (): Counters => ({
  calls: new Map(),
  effects: new Map(),
  statusReads: new Map(),
  registrations: 0,
  starts: 0,
  repeatsAnswered: 0,
  faultsInjected: 0,
});

export const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};
