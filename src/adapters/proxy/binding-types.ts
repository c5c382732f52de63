/**
 * `customer:<digest>` or `execution:<digest>`. The proxy passes digests of the ids (see
 * `createDigest`), never the ids themselves: a store holds no personal data and every
 * entry has the same size.
 */
export type BindingKey = `customer:${string}` | `execution:${string}`;

/** What a store remembers of a key. */
export interface Binding {
  /** The digest of the caller it is bound to. */
  readonly owner: string;
  /**
   * Used within the TTL. One that is not is still remembered (for the retention), so that
   * it is never handed to anyone else: an execution that is not live is refused to
   * everyone, its owner included; a customer stays its owner's.
   */
  readonly live: boolean;
}

/**
 * How a `bind` ended: `bound` (the key is now the owner's, or already was and is live, or
 * is a customer of the owner's that comes back to life), `taken` (remembered as another
 * caller's), `expired` (an execution of the owner's past its TTL: never bound again),
 * `quota` (the owner holds as many live bindings as allowed), `full` (the store has no
 * room that it may free).
 */
export type BindOutcome = 'bound' | 'taken' | 'expired' | 'quota' | 'full';

export interface BindRequest {
  /** The digest of the caller to bind to. */
  readonly owner: string;
  /** The most live bindings the owner may hold, this one included. */
  readonly quota: number;
  /** An execution's customer: using the execution keeps its customer alive too. */
  readonly customer?: BindingKey;
}

/**
 * How a `claim` ended: `claimed` (the customer is the owner's to register, for the claim's
 * time, or was the owner's already), `taken` (bound to, or claimed by, another caller),
 * `full` (the store has no room for another claim).
 */
export type ClaimOutcome = 'claimed' | 'taken' | 'full';

export interface ClaimRequest {
  /** The digest of the caller who claims. */
  readonly owner: string;
  /** How long the claim holds unless released or bound first: past the gateway's answer. */
  readonly forMs: number;
}

/**
 * How an `admitIdentity` ended: `admitted` (a code may go there: the node names it, or this
 * execution sent there before, or it is a new one within the limit; a named one is noted),
 * `over` (a new identity past the limit), `unknown` (no such execution is remembered).
 */
export type IdentityOutcome = 'admitted' | 'over' | 'unknown';

/**
 * What `admitIdentity` is asked about: an OTP identity, or (since the proxy checks each
 * submission's callbackKey) a digest standing for a node the execution's status reads showed.
 * The proxy spells the two apart before digesting, so one never stands for the other.
 */
export interface IdentityRequest {
  /** The digest of the identity (an email address or phone number, normalised) or node. */
  readonly identity: string;
  /**
   * `true`: the gateway named it in the execution's waiting node, so it is noted and never
   * counted. `false`: a code is to go there, counted unless named or sent to before.
   */
  readonly named: boolean;
  /**
   * The most distinct identities not named by the gateway that one execution may send to.
   * `0` with `named: false` only asks whether it was named (a callbackKey's check): `over` if not.
   */
  readonly limit: number;
}

/** The calls one caller made in the current minute. */
export interface CallCount {
  readonly count: number;
  /** Until the minute ends, in ms. */
  readonly resetInMs: number;
}

/**
 * Where the proxy remembers which caller owns a customer or an execution, and counts each
 * caller's calls. `createMemoryBindings` (one process) or `createRedisBindings` (shared by
 * every instance, surviving a restart); a store of your own must keep the same rules,
 * atomically: `test/proxy/bindings-suite.ts` is the specification both stores pass.
 */
export interface ExecutionBindings {
  /** The binding of `key`, if remembered; a live one is refreshed (an execution's customer too). */
  lookup(key: BindingKey): Promise<Binding | undefined>;
  /** How many live bindings `owner` holds. */
  held(owner: string): Promise<number>;
  /** Binds `key` to `request.owner` unless the rules say otherwise; see `BindOutcome`. */
  bind(key: BindingKey, request: BindRequest): Promise<BindOutcome>;
  /** Counts one call of `owner` in the current minute. */
  countCall(owner: string): Promise<CallCount>;
  /**
   * Claims an unbound customer for `request.owner` while its register is on its way to the
   * gateway, atomically: of two callers registering one new customer at once, one claims
   * it and the other is refused before the gateway hears of it. Binding the customer (once
   * the gateway accepted) makes it the owner's for good; `release` drops a claim whose
   * register failed, and a claim left behind (a crashed instance) lapses after `forMs`.
   * Both stores of kyc-flow have them; a store of your own needs them for `claimCustomers:
   * 'first-caller'` only (the proxy refuses to start with one that lacks them).
   */
  claim?(key: BindingKey, request: ClaimRequest): Promise<ClaimOutcome>;
  /** Drops `owner`'s claim on `key`, if it still holds one. */
  release?(key: BindingKey, owner: string): Promise<void>;
  /**
   * Whether an OTP code may go to an identity, for the execution `key`, atomically: the
   * identities an execution's codes went to are counted by digest, those its nodes named
   * are not, and they are forgotten with the execution. The same record holds the nodes its
   * status reads showed (named, never counted), which a submission's callbackKey must be one
   * of (asked with `limit: 0`). Named ones are kept up to a bound per execution, past which a
   * new one forgets the oldest (never refused: a flow must reach its next node).
   */
  admitIdentity(key: BindingKey, request: IdentityRequest): Promise<IdentityOutcome>;
}

/** The window `countCall` counts in. */
export const CALL_WINDOW_MS = 60_000;
