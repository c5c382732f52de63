import type { Gate, HoldReason } from './gate.js';
import { readPage, watchPage } from './page-signals.js';
import type { WakeableSleep } from './wakeable-sleep.js';

/** Watches the page for a flow: holds its polls while hidden or offline, wakes them on return. */
export interface PageWatch {
  /** Starts watching (again); idempotent. */
  watch(): void;
  unwatch(): void;
}

/**
 * Back in view and online, whatever waited for later (the next poll, an OCR read) runs
 * now, and `back` runs (a suspended flow tries again at once, unless its gateway's
 * `Retry-After` has not run out).
 */
export const createPageWatch = (gate: Gate, waits: WakeableSleep, back: () => void): PageWatch => {
  /** What a signal does: holds for its reason, or lets go of it and carries on. */
  const signal = (reason: HoldReason) => (fine: boolean) => {
    if (!fine) return gate.hold(reason);
    gate.release(reason);
    const page = readPage();
    if (page.visible && page.online) {
      waits.wake();
      back();
    }
  };
  let unwatch: (() => void) | undefined;
  return {
    watch() {
      if (unwatch) return;
      const page = readPage();
      if (!page.visible) gate.hold('hidden');
      if (!page.online) gate.hold('offline');
      unwatch = watchPage({ onVisibility: signal('hidden'), onConnection: signal('offline') });
    },
    unwatch() {
      unwatch?.();
      unwatch = undefined;
    },
  };
};
