import { timerUntil } from '../../machine/actors/sleep.js';
import { isKnownStatus } from '../../services/wire/fallbacks.js';
import type { HeadlessResult } from './run-events.js';

/** The code of a run that stopped reading a status the guide does not list. */
export const UNKNOWN_STATUS = 'UNKNOWN_STATUS';

/** How long an execution may show a status the guide does not list before a run stops. */
export const DEFAULT_MAX_UNKNOWN_STATUS_MS = 10 * 60_000;

const minutes = (ms: number) => {
  const count = Math.round(ms / 60_000);
  return count >= 1 ? `${count} min` : `${Math.round(ms / 1000)} s`;
};

/**
 * Stops a run whose execution keeps a status the guide does not list (`COMPLETE`,
 * `TIMED_OUT`, `PENDING`). The flow polls such a status like RUNNING, since it cannot know
 * whether it is final, and in a page that is all it can do; a run in Node gives up after
 * `maxMs` of it rather than read it for ever, saved, naming the word: a later run reads it
 * again (and carries on if the gateway has moved on to a listed status). Any listed status
 * in between starts the count over.
 */
export class UnknownStatusWatch {
  readonly #maxMs: number;
  readonly #onTooLong: (end: HeadlessResult) => void;
  #status: string | undefined;
  #cancel: (() => void) | undefined;

  constructor(maxMs: number, onTooLong: (end: HeadlessResult) => void) {
    this.#maxMs = maxMs;
    this.#onTooLong = onTooLong;
  }

  /** Looks at the execution's status after each change. */
  observe(status: string | undefined, executionId: string | undefined): void {
    if (status === undefined || isKnownStatus(status)) {
      this.stop();
      return;
    }
    if (status === this.#status) return;
    this.stop();
    this.#status = status;
    const end: HeadlessResult = {
      status: 'needsAttention',
      ...(executionId && { executionId }),
      error: {
        code: UNKNOWN_STATUS,
        message: `the execution has been ${status} for ${minutes(this.#maxMs)}, a status the guide does not list (neither running nor final as far as this client knows)`,
        retryable: false,
      },
    };
    this.#cancel = timerUntil(Date.now() + this.#maxMs, () => this.#onTooLong(end));
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#status = undefined;
  }
}
