import { vi } from 'vitest';

/**
 * Steps for a flow on vitest's fake clock whose requests go to an in-process gateway.
 * `inFlight` counts the requests out: the clock must not move on while one is (the sandbox
 * checks signatures with WebCrypto, off the main thread), or the flow would see it time out.
 */
export const fakeClockSteps = (inFlight: () => number) => {
  /** Lets every request in flight, and what it sets off, finish: the clock stands still. */
  const requestsDone = async () => {
    do await new Promise((resolve) => setImmediate(resolve));
    while (inFlight() > 0);
  };
  /** Moves the clock from timer to timer, requests done in between, until the view is `done`. */
  const stepUntil = async <View extends { readonly state: string }>(
    flow: { getView(): View },
    done: (view: View) => boolean,
  ): Promise<View> => {
    for (let step = 0; step < 1_000; step += 1) {
      await requestsDone();
      if (done(flow.getView())) return flow.getView();
      await vi.advanceTimersToNextTimerAsync();
    }
    throw new Error(`the flow never got there: it is in ${flow.getView().state}`);
  };
  return { requestsDone, stepUntil };
};
