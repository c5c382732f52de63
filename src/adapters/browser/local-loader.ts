import { toInspectorEvent } from './inspector-event.js';
import type { LoadedInspector } from './stately-inspector.js';

/** A `BroadcastChannel` of the site, fed the same redacted plain data as Stately's window. */
export function local(channel: string): LoadedInspector {
  const posts = new BroadcastChannel(channel);
  return {
    forward: (event) => posts.postMessage(toInspectorEvent(event)),
    stop: () => posts.close(),
  };
}
