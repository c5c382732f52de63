import { createKycFlow, type KycFlowOptions } from '../../machine/index.js';
import { untilAborted } from '../../services/attempt-fetch.js';
import { deadlinesInReach } from './deadlines-in-reach.js';
import { claimFlow, loadFlow } from './flow-claim.js';
import { flowKeyOf, isCustomersFlow } from './flow-key.js';
import { HeadlessRun } from './headless-run.js';
import { linkedSignal } from './linked-signal.js';
import { checkParkOptions, type ParkOptions } from './parking.js';
import type { Responder } from './responder.js';
import type { HeadlessEvent, HeadlessResult, ParkedResult } from './run-events.js';
import type { SnapshotStore } from './snapshot-store.js';
import { SnapshotStoreError } from './snapshot-store-error.js';
import { DEFAULT_MAX_UNKNOWN_STATUS_MS } from './unknown-status.js';

export type { ParkOptions };

export interface RunHeadlessOptions extends Omit<KycFlowOptions, 'snapshot'> {
  /** Answers every waiting node. */
  readonly responder: Responder;
  /** Keeps the flow after every change, and resumes it when a snapshot is already there. */
  readonly store?: SnapshotStore;
  /** The flow's name in the store; by default the customer's referenceId, customerId or email. */
  readonly key?: string;
  /**
   * Stops the run: the flow is saved, the promise rejects with the signal's reason; or, when
   * the store has not confirmed that last save `ABORT_SAVE_WAIT_MS` (5 s) later, with a
   * `SaveUnconfirmedError` saying where the flow stood and holding it.
   */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: HeadlessEvent) => void;
  /**
   * At manual review: `'stop'` (default without `park`) saves the flow and resolves
   * `pendingReview`, for a later run to pick up the decision; `'wait'` (default with `park`)
   * keeps polling until the review is decided, or parks between reads. A node type the
   * client does not know is treated alike (`unknownNode`).
   */
  readonly review?: 'stop' | 'wait';
  /**
   * How long the gateway may stay unreachable (the flow suspended, retrying by itself)
   * before the run saves the flow and resolves `suspended`. Default 5 min. A gateway that
   * names a time past it (`Retry-After`) ends the run at once: run it again at `notBefore`.
   */
  readonly maxSuspendedMs?: number;
  /**
   * How long the execution may show a status the guide does not list (polled like RUNNING)
   * before the run saves the flow and resolves `needsAttention` (`UNKNOWN_STATUS`, naming
   * the word). Default 10 min.
   */
  readonly maxUnknownStatusMs?: number;
  /**
   * How many answers (calls of `respond`) one node type may get in a run (however often the
   * gateway shows it waiting again, under its callbackKey or a fresh one) before the run
   * gives up on it with a `ResponderError`. Default 8.
   */
  readonly maxAnswersPerNode?: number;
  /**
   * Lets go of a flow that only waits on its own clock: when its next own step is at least
   * `whenIdleForMs` away and the responder has nothing in flight (or gave no events for the
   * node the flow waits on: its data is not there yet), the run saves the flow and resolves
   * `{ status: 'parked', executionId, step, wakeAt }`. Run it again (same store and key) at
   * `wakeAt`, or sooner when the data has come. Needs `store`.
   */
  readonly park?: ParkOptions;
}

/**
 * Runs one onboarding without a UI: creates the flow (restored from the store when it has
 * one: no second registration or start), sends START when fresh, answers each waiting
 * node through the responder, saves after every change, and resolves at a final state, at
 * manual review or a node type it does not know (saved, resumable), when the flow needs
 * attention (saved; a later run retries), when it stays suspended too long, or (with
 * `park`) when it has nothing to do for a while.
 *
 * Cheap enough to run thousands at once in one process: one save in flight per flow
 * (changes made meanwhile coalesce into the next save, and an unchanged snapshot is not
 * written again).
 */
export function runHeadless(
  options: RunHeadlessOptions & { readonly park: ParkOptions },
): Promise<HeadlessResult | ParkedResult>;
export function runHeadless(
  options: RunHeadlessOptions & { readonly park?: undefined },
): Promise<HeadlessResult>;
export function runHeadless(options: RunHeadlessOptions): Promise<HeadlessResult | ParkedResult>;
export async function runHeadless(
  options: RunHeadlessOptions,
): Promise<HeadlessResult | ParkedResult> {
  if (!options.signal) return run(options);
  // Every listener the run puts on its signal goes on one of its own (see `linkedSignal`).
  const link = linkedSignal([options.signal]);
  try {
    return await run({ ...options, signal: link.signal });
  } finally {
    link.release();
  }
}

async function run(options: RunHeadlessOptions): Promise<HeadlessResult | ParkedResult> {
  const { store, signal, park } = options;
  if (park) checkParkOptions(park, store !== undefined);
  const key = keyOf(options);
  signal?.throwIfAborted();
  const loaded = store ? await whileRunning(loadFlow(store, key), signal) : undefined;
  signal?.throwIfAborted();
  const persisted = loaded?.persisted;
  if (persisted && !isCustomersFlow(persisted, options.customer)) {
    throw new SnapshotStoreError(
      'SNAPSHOT_CUSTOMER',
      key,
      'the store',
      "the saved flow is another customer's (its customerId or email is not this one's): resuming it would carry on their onboarding; use another key, or delete this one if that flow is done with",
    );
  }
  // Claimed before the flow is restored: a restored flow's actors call the gateway at once.
  const revision =
    store && loaded ? await whileRunning(claimFlow(store, key, loaded), signal) : undefined;
  signal?.throwIfAborted();
  const flow = createKycFlow({
    client: options.client,
    customer: options.customer,
    ...(options.polling && { polling: options.polling }),
    maxUnknownStatusMs: options.maxUnknownStatusMs ?? DEFAULT_MAX_UNKNOWN_STATUS_MS,
    ...(options.inspect && { inspect: options.inspect }),
    ...(options.sleep && { sleep: options.sleep }),
    ...(persisted && { snapshot: deadlinesInReach(persisted) }),
  });
  return new HeadlessRun(flow, {
    ...options,
    key,
    resumed: persisted !== undefined,
    ...(revision !== undefined && { revision }),
  }).start();
}

const keyOf = (options: RunHeadlessOptions): string =>
  options.key ?? flowKeyOf(options.customer) ?? 'kyc-flow';

/** A load or claim, given up on when the run is aborted (what it does then is not waited on). */
const whileRunning = <T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> =>
  signal ? untilAborted(work, signal) : work;
