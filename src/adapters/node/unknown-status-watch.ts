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

/** What a run watches in a status answer: the status, and whether it names a node. */
export interface WatchedStatus {
  readonly status: string | undefined;
  readonly hasNode: boolean;
}

/** WAITING with no `currentNode`: nothing to answer, and the guide's WAITING always names one. */
const NODELESS_WAITING = 'WAITING with no currentNode';

/**
 * Stops a run whose execution keeps a status the guide does not list (`COMPLETE`,
 * `TIMED_OUT`, `PENDING`), or keeps WAITING with no node to answer. The flow polls such an
 * answer like RUNNING, since it cannot know what it means, and in a page that is all it can
 * do; a run in Node gives up after `maxMs` of it rather than read it for ever, saved,
 * naming it: a later run reads it again (and carries on if the gateway has moved on). Any
 * other answer in between starts the count over.
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
  observe(watched: WatchedStatus, executionId: string | undefined): void {
    const status =
      watched.status === 'WAITING' && !watched.hasNode ? NODELESS_WAITING : watched.status;
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
        message:
          status === NODELESS_WAITING
            ? `the execution has been ${status} for ${minutes(this.#maxMs)}: nothing to answer, and nothing says it runs`
            : // Quoted: an empty or blank status is unlisted like any other word, and must show.
              `the execution's status has been ${JSON.stringify(status)} for ${minutes(this.#maxMs)}, one the guide does not list (neither running nor final as far as this client knows)`,
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
