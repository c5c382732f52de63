import { endedFlow } from '../../machine/ended-flow.js';
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

/** What the browser flow adds to the flow's view: who drives it, where a handoff stands. */
export type ViewOverlay = Pick<BrowserFlowView, 'drivenElsewhere' | 'handoffState'>;

/**
 * The flow behind a browser flow object. `discard()` and a takeover from another tab or
 * device put a new one in place; the object (`face`) follows every one of them.
 */
export interface FlowHolder {
  readonly face: FlowFace;
  readonly flow: KycFlow;
  readonly overlay: ViewOverlay;
  /** Where the flow is kept on every step; the proxy's, once a kept flow's code loaded. */
  saved: SavedFlow | undefined;
  /** Puts `next` in place of the flow, which stops, then tells every listener once. */
  replace(next: KycFlow, overlay?: ViewOverlay): void;
  /** Changes the overlay (a field set `undefined` is off) and tells every listener. */
  mark(changes: ViewOverlay): void;
  /** Keeps the flow as it is now: its outcome alone once it is over (`endedFlow`). */
  save(): void;
}

export const createFlowHolder = (first: KycFlow, saved: SavedFlow | undefined): FlowHolder => {
  let flow: KycFlow;
  let overlay: ViewOverlay = {};
  const audience = createFlowAudience();
  let base: FlowView | undefined;
  let shownOver: ViewOverlay | undefined;
  let shown: BrowserFlowView | undefined;
  const getView = (): BrowserFlowView => {
    const view = flow.getView();
    // The same object until the view or the overlay changes (useSyncExternalStore-safe).
    if (base !== view || shownOver !== overlay) {
      base = view;
      shownOver = overlay;
      shown = { ...view, ...overlay };
    }
    return shown as BrowserFlowView;
  };
  const notify = () => audience.tell(getView());
  const save = () => {
    const { status } = flow.actor.getSnapshot();
    // At the outcome the record stays, without personal data: a reload tells the outcome
    // again instead of starting a second execution.
    if (status === 'done') holder.saved?.write(endedFlow(flow.persist()));
    else if (status === 'active') holder.saved?.write(flow.persist());
  };
  const use = (next: KycFlow) => {
    flow = next;
    next.subscribe(notify);
    next.on('*', audience.emit);
    next.actor.subscribe({ next: save, error: () => undefined });
  };
  use(first);
  const holder: FlowHolder = {
    saved,
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
    get overlay() {
      return overlay;
    },
    replace(next, changes = {}) {
      flow.stop();
      use(next);
      overlay = { ...overlay, ...changes };
      notify();
    },
    mark(changes) {
      overlay = { ...overlay, ...changes };
      notify();
    },
    save,
  };
  return holder;
};
