import type { FlowView, PersistedFlow } from '../../machine/index.js';
import { nextWakeAt } from './next-wake.js';
import type { ParkedResult } from './run-events.js';

/**
 * When a run lets go of a flow that only waits on its own clock (manual review, a long
 * back-off), or on data the responder does not have yet, so that a worker is not held by a
 * flow that has nothing to do; the run resolves `parked` with its `wakeAt`.
 */
export interface ParkOptions {
  /** Park when the flow's next own step is at least this far away (ms). */
  readonly whenIdleForMs: number;
}

/** Bad `park` settings, named before anything is sent. */
export function checkParkOptions(park: ParkOptions, hasStore: boolean): void {
  if (!hasStore) {
    throw new TypeError('runHeadless: `park` needs a `store` (a parked flow lives on there)');
  }
  const { whenIdleForMs } = park;
  if (typeof whenIdleForMs !== 'number' || !Number.isFinite(whenIdleForMs) || whenIdleForMs <= 0) {
    throw new RangeError(
      'runHeadless: `park.whenIdleForMs` must be a positive number of milliseconds',
    );
  }
}

/**
 * The parked result for a flow whose next own step (read from `persisted`) is at least
 * `whenIdleForMs` away (0: not yet due); `undefined` while something is in flight or due
 * sooner. The caller checks that the responder has nothing in flight.
 */
export function parkedAt(
  view: FlowView,
  persisted: PersistedFlow,
  whenIdleForMs: number,
  now: number = Date.now(),
): ParkedResult | undefined {
  const wakeAt = nextWakeAt(persisted);
  if (wakeAt === undefined || wakeAt - now < whenIdleForMs) return undefined;
  return {
    status: 'parked',
    ...(view.executionId && { executionId: view.executionId }),
    step: view.step,
    wakeAt,
  };
}
