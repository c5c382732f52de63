import { fromCall } from './call-logic.js';
import type { Sleep } from './sleep.js';

export interface WaitInput {
  /** Epoch ms; carried in the input so that a restored wait still ends on time. */
  readonly until: number;
}

/** A back-off that survives persistence (an `after` transition would not). */
export const createWait = (sleep?: Sleep) =>
  fromCall<void, WaitInput>((input, scope) => scope.sleep(input.until), sleep);
