import type { KycFlow } from '../../machine/flow-over-client.js';
import type { FlowHolder } from './flow-holder.js';
import type { Inspection } from './inspection.js';
import type { PageWatch } from './page-watch.js';
import { takeTabLock } from './tab-lock.js';
import type { BrowserFlowOptions } from './types.js';

/**
 * Who drives a saved flow: `waiting` runs while another tab does, `granted` once this one
 * may (at once where nothing is shared). Returns what lets go, or stops waiting.
 */
export type DriverLock = (waiting: () => void, granted: () => void) => () => void;

/** Each tab's `sessionStorage` is its own; a flow in `localStorage` is every tab's. */
export const driverLockFor =
  (storage: BrowserFlowOptions['storage'], key: string): DriverLock =>
  (waiting, granted) => {
    if (storage === 'local') return takeTabLock(key, waiting, granted);
    granted();
    return () => undefined;
  };

/** How far the host has asked the flow to go: `run()` also sends START to a fresh flow. */
export type Begun = 'not begun' | 'started' | 'running';

export interface Driving {
  readonly begun: Begun;
  /** `start()` or `run()`: drives the flow here once the lock is this tab's. Idempotent. */
  begin(asked: Exclude<Begun, 'not begun'>): void;
  stop(): void;
}

export interface DrivingParts {
  readonly holder: FlowHolder;
  readonly page: PageWatch;
  readonly inspection: Inspection;
  readonly lock: DriverLock;
  /** The flow over the latest saved snapshot, if there is one this chart can read. */
  readonly restore: () => KycFlow | undefined;
}

export const createDriving = ({ holder, page, inspection, lock, restore }: DrivingParts) => {
  let begun: Begun = 'not begun';
  let letGo: (() => void) | undefined;
  let holding = false;
  /** Runs the flow here: this tab drives it (or there is nothing to share it with). */
  const drive = () => {
    page.watch();
    const { flow } = holder;
    flow.start();
    if (begun === 'running' && flow.getView().step === 'idle') flow.send({ type: 'START' });
    holder.save();
  };
  const granted = () => {
    if (holder.elsewhere) {
      // The other tab moved the flow on (or ended it: then ours learns how from the gateway).
      const latest = restore();
      if (latest) holder.replace(latest, false);
      else holder.showElsewhere(false);
    }
    holding = true;
    drive();
  };
  const driving: Driving = {
    get begun() {
      return begun;
    },
    begin(asked) {
      inspection.open();
      if (begun !== 'running') begun = asked;
      if (!letGo) letGo = lock(() => holder.showElsewhere(true), granted);
      else if (holding) drive();
    },
    stop() {
      page.unwatch();
      letGo?.();
      letGo = undefined;
      holding = false;
      begun = 'not begun';
      if (holder.elsewhere) holder.showElsewhere(false);
      holder.flow.stop();
      inspection.close();
    },
  };
  return driving;
};
