import type { Gate, HoldReason } from './gate.js';
import { readPage, watchPage } from './page-signals.js';
import type { WakeableSleep } from './wakeable-sleep.js';

/** Watches the page for a flow: holds its polls while hidden or offline, wakes them on return. */
export interface PageWatch {
  /** Starts watching (again) from the page as it is now; idempotent. */
  watch(): void;
  unwatch(): void;
}

/**
 * Back in view and online, whatever waited for later (the next poll, an OCR read) runs
 * now, and `back` runs (a suspended flow tries again at once, unless its gateway's
 * `Retry-After` has not run out).
 */
export const createPageWatch = (gate: Gate, waits: WakeableSleep, back: () => void): PageWatch => {
  /** Holds for a reason while it stands, else lets go of it. */
  const follow = (reason: HoldReason, fine: boolean) =>
    fine ? gate.release(reason) : gate.hold(reason);
  /** What a signal does: holds for its reason, or lets go of it and carries on. */
  const signal = (reason: HoldReason) => (fine: boolean) => {
    follow(reason, fine);
    if (fine && gate.isOpen) {
      waits.wake();
      back();
    }
  };
  let unwatch: (() => void) | undefined;
  return {
    watch() {
      if (unwatch) return;
      // The page as it is now, both ways: holds taken before a `stop()` saw no signal since.
      const page = readPage();
      follow('hidden', page.visible);
      follow('offline', page.online);
      if (gate.isOpen) waits.wake();
      unwatch = watchPage({ onVisibility: signal('hidden'), onConnection: signal('offline') });
    },
    unwatch() {
      unwatch?.();
      unwatch = undefined;
    },
  };
};
