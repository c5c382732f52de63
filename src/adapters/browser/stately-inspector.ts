import type { InspectionEvent } from 'xstate';
import { redact } from '../../machine/redact.js';
import { toPlainData } from './plain-data.js';

export interface StatelyInspectorOptions {
  /** Where the inspector UI lives; default Stately's (`https://stately.ai/inspect`). */
  readonly url?: string;
  /** Show the inspector in this frame instead of a new window. */
  readonly iframe?: HTMLIFrameElement;
}

export interface BrowserInspector {
  /** Hand to `createKycFlow({ inspect })`; events sent before the inspector loaded are replayed. */
  readonly inspect: (event: InspectionEvent) => void;
  stop(): void;
}

/**
 * What the inspector may send out of the page: the event as plain data, redacted. Used as
 * the inspector's `serialize`, so it sees everything the adapter sends (snapshots, events,
 * child actors' input and output), after `@statelyai/inspect` has converted it.
 */
export const toInspectorEvent = <T>(event: T): T => redact(toPlainData(event)) as T;

/** Events kept while the inspector loads; the chart's start is what matters most. */
const MAX_BUFFERED = 500;

/**
 * Opens the Stately inspector (`@statelyai/inspect`, fetched on first use so it stays out
 * of the main bundle). Every event is copied to plain data and redacted before it leaves
 * the page: the inspector window never sees a name, an email, a file URL or a code.
 */
export function openStatelyInspector(options: StatelyInspectorOptions = {}): BrowserInspector {
  let forward: ((event: InspectionEvent) => void) | undefined;
  let stopInspector: (() => void) | undefined;
  let stopped = false;
  const buffered: InspectionEvent[] = [];

  import('@statelyai/inspect')
    .then(({ createBrowserInspector }) => {
      if (stopped) return;
      const inspector = createBrowserInspector({
        ...(options.url ? { url: options.url } : {}),
        ...(options.iframe ? { iframe: options.iframe } : {}),
        serialize: toInspectorEvent,
      });
      forward = (event) => inspector.inspect.next?.(event);
      stopInspector = () => inspector.stop();
      for (const event of buffered.splice(0)) forward(event);
    })
    .catch(() => {
      // The inspector is a debugging aid: failing to load it must not touch the flow.
      buffered.length = 0;
    });

  return {
    inspect(event) {
      if (stopped) return;
      if (forward) forward(event);
      else if (buffered.push(event) > MAX_BUFFERED) buffered.shift();
    },
    stop() {
      stopped = true;
      buffered.length = 0;
      stopInspector?.();
    },
  };
}

/** The `BroadcastChannel` that `inspect: 'local'` posts to. */
export const LOCAL_INSPECTOR_CHANNEL = 'kyc-flow-inspector';

/**
 * The local inspector: nothing leaves the site. Every inspection event of the flow goes,
 * as plain data and redacted exactly as the Stately inspector would get it, to the
 * `BroadcastChannel` `channel`, for a panel of the host's own (in this page or another tab
 * of the site) to draw. Live only: a viewer sees what comes after it joins.
 */
export function openLocalInspector(channel = LOCAL_INSPECTOR_CHANNEL): BrowserInspector {
  const posts = new BroadcastChannel(channel);
  return {
    inspect: (event) => posts.postMessage(toInspectorEvent(event)),
    stop: () => posts.close(),
  };
}
