import type { KycFlow } from '../../machine/flow-over-client.js';
import type { FlowView } from '../../machine/types.js';
import { createFlowAudience } from './flow-audience.js';
import type { SavedFlow } from './saved-flow.js';
import type { BrowserFlow, BrowserFlowView } from './types.js';

/** The part of the browser flow object that is the flow's own. */
export type FlowFace = Pick<
  BrowserFlow,
  'actor' | 'getView' | 'subscribe' | 'on' | 'send' | 'persist' | 'whenDone'
>;

/**
 * The flow behind a browser flow object. `discard()` and a takeover from another tab put a
 * new one in place; the object (`face`) follows every one of them.
 */
export interface FlowHolder {
  readonly face: FlowFace;
  readonly flow: KycFlow;
  /** Another tab (or device) drives this flow: this one only shows it. */
  readonly elsewhere: boolean;
  /** Puts `next` in place of the flow, which stops, then tells every listener once. */
  replace(next: KycFlow, elsewhere?: boolean): void;
  /** Says whether another tab drives the flow, and tells every listener. */
  showElsewhere(elsewhere: boolean): void;
  /** Keeps the flow as it is now: cleared once it is over. */
  save(): void;
}

export const createFlowHolder = (first: KycFlow, saved: SavedFlow | undefined): FlowHolder => {
  let flow: KycFlow;
  let elsewhere = false;
  const audience = createFlowAudience();
  let base: FlowView | undefined;
  let shown: BrowserFlowView | undefined;
  const getView = (): BrowserFlowView => {
    const view = flow.getView();
    if (!elsewhere) return view;
    // The same object until the view changes (useSyncExternalStore-safe).
    if (base !== view) {
      base = view;
      shown = { ...view, drivenElsewhere: true };
    }
    return shown as BrowserFlowView;
  };
  const notify = () => audience.tell(getView());
  const save = () => {
    const { status } = flow.actor.getSnapshot();
    if (status === 'done') saved?.clear();
    else if (status === 'active') saved?.write(flow.persist());
  };
  const use = (next: KycFlow) => {
    flow = next;
    next.subscribe(notify);
    next.on('*', audience.emit);
    next.actor.subscribe({ next: save, error: () => undefined });
  };
  use(first);
  return {
    face: {
      get actor() {
        return flow.actor;
      },
      getView,
      subscribe: audience.subscribe,
      on: audience.on,
      send: (event) => flow.send(event),
      persist: () => flow.persist(),
      whenDone: () => flow.whenDone(),
    },
    get flow() {
      return flow;
    },
    get elsewhere() {
      return elsewhere;
    },
    replace(next, away = elsewhere) {
      flow.stop();
      use(next);
      elsewhere = away;
      notify();
    },
    showElsewhere(away) {
      elsewhere = away;
      notify();
    },
    save,
  };
};
