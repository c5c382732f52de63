import type { DriverLock } from './driving.js';

/**
 * One tab at a time, through the browser's Web Locks: `granted` runs once this tab holds
 * `name`; while another tab holds it, `waiting` is told first and the request queues, so
 * that this tab takes over the moment the other one lets go (or closes: the browser
 * releases a closed tab's locks). Returns what lets go, or stops waiting. Where there are
 * no Web Locks (or they refuse, as in an opaque origin) the tab drives alone, as before.
 */
export const takeTabLock =
  (name: string): DriverLock =>
  (waiting, granted) => {
    const locks = globalThis.navigator?.locks;
    let gone = false;
    let release: (() => void) | undefined;
    const ask = (ifAvailable: boolean): unknown =>
      locks
        .request(name, { ifAvailable }, (lock) => {
          if (gone) return;
          if (!lock) {
            waiting();
            return void ask(false);
          }
          granted();
          // Held until released: the lock is this promise's.
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        })
        .catch(() => gone || release || granted());
    if (locks) ask(true);
    else granted();
    return () => {
      gone = true;
      release?.();
    };
  };
