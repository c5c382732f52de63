import type { InspectionEvent } from 'xstate';

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

/** Events kept while the inspector loads; the chart's start is what matters most. */
const MAX_BUFFERED = 500;

export interface LoadedInspector {
  readonly forward: (event: InspectionEvent) => void;
  readonly stop: () => void;
}

/**
 * An inspector whose code (and the redaction it sends through) loads on first use, so a
 * page that never inspects does not carry it: events wait in a bounded buffer meanwhile.
 * The inspector is a debugging aid: failing to load it must not touch the flow.
 */
function deferredInspector(load: () => Promise<LoadedInspector>): BrowserInspector {
  let loaded: LoadedInspector | undefined;
  let stopped = false;
  const buffered: InspectionEvent[] = [];
  load()
    .then((inspector) => {
      if (stopped) return inspector.stop();
      loaded = inspector;
      for (const event of buffered.splice(0)) inspector.forward(event);
    })
    .catch(() => {
      buffered.length = 0;
    });
  return {
    inspect(event) {
      if (stopped) return;
      if (loaded) loaded.forward(event);
      else if (buffered.push(event) > MAX_BUFFERED) buffered.shift();
    },
    stop() {
      stopped = true;
      buffered.length = 0;
      loaded?.stop();
    },
  };
}

/**
 * Opens the Stately inspector (`@statelyai/inspect`). Every event is copied to plain data
 * and redacted before it leaves the page: the inspector window never sees a name, an email,
 * a file URL or a code.
 */
export const openStatelyInspector = (options: StatelyInspectorOptions = {}): BrowserInspector =>
  deferredInspector(() => import('./stately-loader.js').then((load) => load.stately(options)));

/** The `BroadcastChannel` that `inspect: 'local'` posts to. */
export const LOCAL_INSPECTOR_CHANNEL = 'kyc-flow-inspector';

/**
 * The local inspector: nothing leaves the site. Every inspection event of the flow goes,
 * as plain data and redacted exactly as the Stately inspector would get it, to the
 * `BroadcastChannel` `channel`, for a panel of the host's own (in this page or another tab
 * of the site) to draw.
 */
export const openLocalInspector = (channel = LOCAL_INSPECTOR_CHANNEL): BrowserInspector =>
  deferredInspector(() => import('./local-loader.js').then((load) => load.local(channel)));
