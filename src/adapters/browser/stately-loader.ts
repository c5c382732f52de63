import { createBrowserInspector } from '@statelyai/inspect';
import { toInspectorEvent } from './inspector-event.js';
import type { LoadedInspector, StatelyInspectorOptions } from './stately-inspector.js';

/** The Stately inspector's window, fed redacted plain data. */
export function stately(options: StatelyInspectorOptions): LoadedInspector {
  const inspector = createBrowserInspector({
    ...(options.url ? { url: options.url } : {}),
    ...(options.iframe ? { iframe: options.iframe } : {}),
    serialize: toInspectorEvent,
  });
  return { forward: (event) => inspector.inspect.next?.(event), stop: () => inspector.stop() };
}
