import { toInspectorEvent } from './inspector-event.js';
import type { LoadedInspector, StatelyInspectorOptions } from './stately-inspector.js';

/** The Stately inspector's window, fed redacted plain data. */
export async function stately(options: StatelyInspectorOptions): Promise<LoadedInspector> {
  const { createBrowserInspector } = await import('@statelyai/inspect');
  const inspector = createBrowserInspector({
    ...(options.url ? { url: options.url } : {}),
    ...(options.iframe ? { iframe: options.iframe } : {}),
    serialize: toInspectorEvent,
  });
  return { forward: (event) => inspector.inspect.next?.(event), stop: () => inspector.stop() };
}

/** A `BroadcastChannel` of the site, fed the same redacted plain data. */
export function local(channel: string): LoadedInspector {
  const posts = new BroadcastChannel(channel);
  return {
    forward: (event) => posts.postMessage(toInspectorEvent(event)),
    stop: () => posts.close(),
  };
}
