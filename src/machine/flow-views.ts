import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import type { kycFlowMachine } from './machine.js';
import { sameData } from './same-data.js';
import type { FlowView } from './types.js';
import { toFlowView } from './view.js';

type FlowActor = ActorRefFrom<typeof kycFlowMachine>;

/**
 * The flow's view, the same object until something it shows changes
 * (useSyncExternalStore-safe), and a subscription to its changes.
 */
export function flowViews(actor: FlowActor) {
  let last: SnapshotFrom<typeof kycFlowMachine> | undefined;
  let lastView: FlowView | undefined;
  const getView = (): FlowView => {
    const snapshot = actor.getSnapshot();
    const previous = last;
    last = snapshot;
    // The view reads nothing but these three: a step that changed none of them (an actor
    // started or stopped, an event ignored) shows the same view.
    if (
      lastView &&
      previous &&
      snapshot.context === previous.context &&
      snapshot.value === previous.value &&
      snapshot.status === previous.status
    ) {
      return lastView;
    }
    const view = toFlowView(snapshot);
    // Structural sharing: a poll that changes nothing the view shows keeps the same object.
    if (!lastView || !sameData(view, lastView)) lastView = view;
    return lastView;
  };
  const subscribe = (listener: (view: FlowView) => void): (() => void) => {
    let previous = getView();
    const subscription = actor.subscribe({
      next: () => {
        const view = getView();
        if (view !== previous) {
          previous = view;
          listener(view);
        }
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  };
  return { getView, subscribe };
}
