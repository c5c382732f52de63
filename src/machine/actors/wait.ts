import { fromPromise } from 'xstate';
import { sleepUntil } from './sleep.js';

export interface WaitInput {
  /** Epoch ms; carried in the input so that a restored wait still ends on time. */
  readonly until: number;
}

/** A back-off that survives persistence (an `after` transition would not). */
export const createWait = () =>
  fromPromise<void, WaitInput>(({ input, signal }) => sleepUntil(input.until, signal));
