import { createBrowserFlow } from '../browser/create-browser-flow.js';
import { storageKeyOf } from '../browser/customer-key.js';
import type { BrowserFlow, BrowserFlowOptions, BrowserFlowView } from '../browser/types.js';
import { serverViewOf } from './server-view.js';

interface Entry {
  readonly key: string;
  readonly flow: BrowserFlow;
  /** What the server rendered, the one object for every render that hydrates it. */
  readonly serverView: BrowserFlowView;
  refs: number;
  disposal?: ReturnType<typeof setTimeout>;
  /** Stopped by its last holder; kept for the customer's next one until another customer's flow. */
  stopped?: boolean;
}

/**
 * One flow per customer for the whole page, however many components (or StrictMode's
 * double mounts) ask for it: a flow is created once, started by its first holder, and
 * stopped only when the last holder has been gone for a tick. A stopped flow stays for
 * its customer: the component mounted again (a route left and come back to) carries on
 * with it, and a capture still uploading when it unmounted lands there, not in a flow
 * nobody runs. It goes when the page asks for another customer's.
 */
const entries = new Map<string, Entry>();

const keyOf = (options: BrowserFlowOptions) => storageKeyOf(options);

/** The customer's flow: the page's one, or a new one (not started; safe during render). */
export const obtainFlow = (options: BrowserFlowOptions): Entry => {
  const key = keyOf(options);
  const known = entries.get(key);
  // A flow stopped with nothing here to carry on from (`storage: false`, or kept by the
  // proxy) would never move again: a new one starts over, or asks the proxy, as a reload does.
  const stuck = known?.stopped && known.flow.actor.getSnapshot().status === 'stopped';
  if (known && !stuck) return known;
  for (const [other, stopped] of entries) if (stopped.stopped) entries.delete(other);
  const entry: Entry = {
    key,
    flow: createBrowserFlow(options),
    serverView: serverViewOf(options),
    refs: 0,
  };
  // A server render has no effects to release it: keep nothing there.
  if (typeof window !== 'undefined') entries.set(key, entry);
  return entry;
};

/**
 * Holds the flow and starts it (`run()`: START only for a fresh flow; `start()` leaves
 * START to the UI); the returned release lets it go (from an effect's cleanup).
 */
export const holdFlow = (entry: Entry, autoStart = true): (() => void) => {
  if (entry.disposal !== undefined) clearTimeout(entry.disposal);
  entry.disposal = undefined;
  entry.stopped = false;
  entry.refs += 1;
  if (autoStart) entry.flow.run();
  else entry.flow.start();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    // StrictMode unmounts and mounts again at once: wait a tick before stopping for real.
    entry.disposal = setTimeout(() => {
      if (entry.refs > 0) return;
      entry.flow.stop();
      entry.stopped = true;
    }, 0);
  };
};
