import type { ActorRefFrom } from 'xstate';
import { FlowStoppedError } from './flow-error.js';
import type { kycFlowMachine } from './machine.js';
import { toStatePath } from './to-state-path.js';
import type { FlowOutcome } from './types.js';

/**
 * The outcome once the flow reaches a final state; `FlowStoppedError` if it is stopped
 * first, so that no caller waits forever. `onStop` runs its checks when the flow is stopped:
 * stop() before start() leaves the actor without a word.
 */
export function whenDone(
  actor: ActorRefFrom<typeof kycFlowMachine>,
  stopped: () => boolean,
  onStop: Set<() => void>,
): Promise<FlowOutcome> {
  return new Promise<FlowOutcome>((resolve, reject) => {
    const settle = (): boolean => {
      const snapshot = actor.getSnapshot();
      if (snapshot.status === 'done') resolve(snapshot.output ?? { status: 'failed' });
      else if (snapshot.status === 'error') reject(snapshot.error);
      else if (stopped() || snapshot.status === 'stopped') {
        reject(new FlowStoppedError(toStatePath(snapshot.value)));
      } else return false;
      return true;
    };
    if (settle()) return;
    const check = () => {
      if (!settle()) return;
      subscription.unsubscribe();
      onStop.delete(check);
    };
    const subscription = actor.subscribe({ next: check, error: check, complete: check });
    onStop.add(check);
  });
}
