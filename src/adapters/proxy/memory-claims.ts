import type { BindingKey, ClaimOutcome, ClaimRequest } from './binding-types.js';

/**
 * The memory store's claims (`ExecutionBindings.claim`) on customers nobody holds, in the
 * order claimed, which with one lifetime is the order of lapsing: at most `maxEntries`.
 */
export const createClaimTable = (maxEntries: number) => {
  const claims = new Map<BindingKey, { readonly owner: string; readonly until: number }>();
  return {
    /** Claims `key`, which no binding holds, unless another owner's claim on it still holds. */
    claim: (key: BindingKey, request: ClaimRequest, at: number): ClaimOutcome => {
      for (const [claimed, { until }] of claims) {
        if (until > at) break;
        claims.delete(claimed);
      }
      const held = claims.get(key);
      const claimer = held !== undefined && held.until > at ? held.owner : undefined;
      if (claimer !== undefined && claimer !== request.owner) return 'taken';
      if (held === undefined && claims.size >= maxEntries) return 'full';
      // Re-inserted, so that the map stays in the order of lapsing.
      claims.delete(key);
      claims.set(key, { owner: request.owner, until: at + request.forMs });
      return 'claimed';
    },
    release: (key: BindingKey, owner: string) => {
      if (claims.get(key)?.owner === owner) claims.delete(key);
    },
  };
};
