import { fromPromise } from 'xstate';
import { type Sleep, sleepUntil } from './sleep.js';

export interface WaitInput {
  /** Epoch ms; carried in the input so that a restored wait still ends on time. */
  readonly until: number;
}

/** A back-off that survives persistence (an `after` transition would not). */
export const createWait = (sleep: Sleep = sleepUntil) =>
  fromPromise<void, WaitInput>(({ input, signal }) => sleep(input.until, signal));
