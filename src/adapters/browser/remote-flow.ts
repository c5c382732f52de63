import { type DriverLock, lazyLock } from './driving.js';
import { HANDOFF_PARAM } from './handoff-link.js';
import { createProxyFetch } from './proxy-transport.js';
import type { ServerParts, ServerSide } from './server-side.js';
import type { BrowserFlow, BrowserFlowOptions } from './types.js';

/** The browser flow's part that the proxy keeps, and its handoffs. */
export interface RemoteFlow extends Pick<BrowserFlow, 'handoff' | 'takeBack'> {
  /**
   * Who drives a flow the proxy keeps (`storage: 'server'`, or the handoff a page
   * continues); `undefined` for a flow kept in the browser.
   */
  readonly lock: DriverLock | undefined;
}

/**
 * The code of a kept flow loads when the flow begins (or `handoff()` is asked); the
 * entry's parts are handed to it then, so that it shares no code with the entry.
 */
export const remoteFlowOf = (
  options: BrowserFlowOptions,
  key: string,
  parts: Pick<ServerParts, 'holder' | 'build'>,
): RemoteFlow => {
  let loading: Promise<ServerSide> | undefined;
  const kept = options.storage === 'server' || options.handoff !== undefined;
  const load = () =>
    (loading ??= import('./server-side.js').then((loaded) =>
      loaded.createServerSide({ ...parts, options, key, kept }, createProxyFetch, HANDOFF_PARAM),
    ));
  return {
    lock: kept ? lazyLock(() => load().then((side) => side.lock)) : undefined,
    handoff: (request) => load().then((side) => side.handoff(request)),
    takeBack: () => load().then((side) => side.takeBack()),
  };
};
