import type { FlowEmitted } from '../../machine/types.js';
import type { BrowserFlow, BrowserFlowView } from './types.js';

/**
 * Who listens to a browser flow object: its subscribers and `on` handlers, which stay when
 * the flow behind the object is replaced, and hear every flow put in place.
 */
export interface FlowAudience extends Pick<BrowserFlow, 'subscribe' | 'on'> {
  tell(view: BrowserFlowView): void;
  emit(event: FlowEmitted): void;
}

export const createFlowAudience = (): FlowAudience => {
  const listeners = new Set<(view: BrowserFlowView) => void>();
  const handlers = new Set<readonly [string, (event: FlowEmitted) => void]>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(type, handler) {
      const entry = [type, handler as (event: FlowEmitted) => void] as const;
      handlers.add(entry);
      return () => handlers.delete(entry);
    },
    tell(view) {
      for (const listener of [...listeners]) listener(view);
    },
    emit(event) {
      for (const [type, handler] of [...handlers]) {
        if (type === '*' || type === event.type) handler(event);
      }
    },
  };
};
