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
}

/**
 * One flow per customer for the whole page, however many components (or StrictMode's
 * double mounts) ask for it: a flow is created once, started by its first holder, and
 * stopped only when the last holder has been gone for a tick.
 */
const entries = new Map<string, Entry>();

const keyOf = (options: BrowserFlowOptions) => storageKeyOf(options);

/** The customer's flow: the page's one, or a new one (not started; safe during render). */
export const obtainFlow = (options: BrowserFlowOptions): Entry => {
  const key = keyOf(options);
  const known = entries.get(key);
  if (known) return known;
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
      if (entries.get(entry.key) === entry) entries.delete(entry.key);
    }, 0);
  };
};
