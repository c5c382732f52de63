import type { FlowEmitted } from './types.js';

export type FlowHandler = (event: FlowEmitted) => void;

/** A flow's handlers, by the type of event they hear; `'*'` hears every event. */
export type FlowHandlers = Map<string, Set<FlowHandler>>;

/** Tells every handler of the event's type, then every `'*'` one. */
export function dispatchTo(handlers: FlowHandlers, event: FlowEmitted): void {
  for (const handler of [...(handlers.get(event.type) ?? [])]) handler(event);
  for (const handler of [...(handlers.get('*') ?? [])]) handler(event);
}

/** Adds a handler; answers how to remove it. */
export function listen(handlers: FlowHandlers, type: string, handler: FlowHandler): () => void {
  const set = handlers.get(type) ?? new Set();
  handlers.set(type, set);
  set.add(handler);
  return () => {
    set.delete(handler);
  };
}
