import { type DriverLock, lazyLock } from './driving.js';
import { HANDOFF_PARAM } from './handoff-link.js';
import { createProxyFetch } from './proxy-transport.js';
import type { ServerParts, ServerSide } from './server-side.js';
import type { BrowserFlow, BrowserFlowOptions } from './types.js';

/** Who drives a browser flow, and its handoffs (what the proxy keeps of it). */
export interface RemoteFlow extends Pick<BrowserFlow, 'handoff' | 'takeBack'> {
  /**
   * Who drives the flow: the device that has it, for a flow the proxy keeps (`storage:
   * 'server'`, or the handoff a page continues); else one tab of the site at a time;
   * `false` when nothing is saved (`storage: false`: this tab drives).
   */
  readonly lock: DriverLock | false;
}

/**
 * The code of a kept flow (or of the tab lock) loads when the flow begins, or when
 * `handoff()` is asked; the entry's parts are handed to it then, so that it shares no code
 * with the entry.
 */
export const remoteFlowOf = (
  options: BrowserFlowOptions,
  key: string,
  parts: Pick<ServerParts, 'holder' | 'build' | 'sent'>,
): RemoteFlow => {
  let loading: Promise<ServerSide> | undefined;
  const kept = options.storage === 'server' || options.handoff !== undefined;
  const load = () =>
    (loading ??= import('./server-side.js').then((loaded) =>
      loaded.createServerSide({ ...parts, options, key, kept }, createProxyFetch, HANDOFF_PARAM),
    ));
  return {
    // One tab drives a customer's saved flow: a flow in `localStorage` is every tab's, and
    // two tabs each with their own `sessionStorage` (or a tab duplicated with a copy of it)
    // would each register and start, or drive one execution twice.
    lock: kept
      ? lazyLock(() => load().then((side) => side.lock))
      : options.storage !== false &&
        lazyLock(() => import('./tab-lock.js').then((loaded) => loaded.takeTabLock(key))),
    handoff: (request) => load().then((side) => side.handoff(request)),
    takeBack: () => load().then((side) => side.takeBack()),
  };
};
