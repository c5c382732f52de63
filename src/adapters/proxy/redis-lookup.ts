import type { Binding, BindingKey } from './binding-types.js';

/** Who a record names: its owner, and an execution's customer ('' for none). */
export interface Holder {
  readonly owner: string;
  readonly customer: string;
}

/**
 * Records remembered as this instance last read them, so that a lookup names the keys its
 * script touches (the owner's index, the customer's record) in one round trip. Only a
 * guess: the script checks it, and a wrong or missing one costs a second round trip.
 */
const HINTS = 4096;

export const createHints = () => {
  const hints = new Map<BindingKey, Holder>();
  return {
    get: (key: BindingKey) => hints.get(key),
    set: (key: BindingKey, holder: Holder) => {
      hints.delete(key);
      const oldest = hints.keys().next();
      if (hints.size >= HINTS && !oldest.done) hints.delete(oldest.value);
      hints.set(key, holder);
    },
    delete: (key: BindingKey) => hints.delete(key),
  };
};

export type Hints = ReturnType<typeof createHints>;

/** What the Redis store lends a lookup: its LOOKUP script, its keys and its clock. */
export interface LookupParts {
  readonly run: (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;
  readonly record: (key: string) => string;
  readonly index: (owner: string) => string;
  readonly times: (key: BindingKey) => Array<string | number>;
  readonly hints: Hints;
}

/**
 * A live record is refreshed with its owner's index and its customer's record, keys a
 * script must be given: named from the last read of the record, or, when that was wrong or
 * there was none, from what the script answers (see `LOOKUP`). A record's holder never
 * changes while it is remembered, so a third ask means the store is not keeping the rules.
 */
export const lookupIn =
  ({ run, record, index, times, hints }: LookupParts) =>
  async (key: BindingKey): Promise<Binding | undefined> => {
    let expected = hints.get(key);
    for (let ask = 0; ask < 3; ask += 1) {
      const keys = [record(key)];
      if (expected) keys.push(index(expected.owner));
      if (expected?.customer) keys.push(record(expected.customer));
      const found = await run(keys, [
        ...times(key),
        expected?.owner ?? '',
        expected?.customer ?? '',
      ]);
      if (!Array.isArray(found)) {
        hints.delete(key);
        return undefined;
      }
      const owner = String(found[0]);
      const state = Number(found[1]);
      if (state !== 2) return { owner, live: state === 1 };
      expected = { owner, customer: String(found[2] ?? '') };
      hints.set(key, expected);
    }
    throw new Error('redis bindings: a record kept changing while it was looked up');
  };
