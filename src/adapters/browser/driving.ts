import type { KycFlow } from '../../machine/flow-over-client.js';
import type { FlowHolder } from './flow-holder.js';
import type { Inspection } from './inspection.js';
import type { PageWatch } from './page-watch.js';

/**
 * Who drives a saved flow: `waiting` runs while another tab (or device) does, `granted`
 * once this one may (at once where nothing is shared); a flow kept by the proxy may go
 * back and forth. Returns what lets go, or stops waiting.
 */
export type DriverLock = (waiting: () => void, granted: () => void) => () => void;

/**
 * A lock whose code loads when it is first taken. Code that does not load (offline) leaves
 * the flow to run here, as where nothing is shared.
 */
export const lazyLock =
  (load: () => Promise<DriverLock>): DriverLock =>
  (waiting, granted) => {
    let letGo: (() => void) | undefined;
    let gone = false;
    load().then(
      (lock) => {
        if (!gone) letGo = lock(waiting, granted);
      },
      () => gone || granted(),
    );
    return () => {
      gone = true;
      letGo?.();
    };
  };

/** Where nothing is shared, the flow runs here at once. */
export const ownLock: DriverLock = (_, granted) => {
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
  /** The flow over the latest snapshot saved in this browser, if there is one this chart can read. */
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
  const here = { drivenElsewhere: undefined };
  const waiting = () => {
    holding = false;
    holder.mark({ drivenElsewhere: true });
  };
  const granted = () => {
    if (holder.overlay.drivenElsewhere) {
      // The other tab moved the flow on (or ended it: then ours learns how from the gateway).
      const latest = restore();
      if (latest) holder.replace(latest, here);
      else holder.mark(here);
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
      if (!letGo) letGo = lock(waiting, granted);
      else if (holding) drive();
    },
    stop() {
      letGo?.();
      letGo = undefined;
      page.unwatch();
      holding = false;
      begun = 'not begun';
      // A stopped actor never runs again: a later `run()` carries on from the saved flow
      // (or, with nothing saved, the stopped one stays).
      holder.replace(restore() ?? holder.flow, here);
      inspection.close();
    },
  };
  return driving;
};
