import type { FlowView } from '../../machine/index.js';

/**
 * Gives up on a flow that stays suspended too long. The trouble starts when the flow first
 * suspends and lasts until the gateway answers again (the flow clears its retryable error
 * then), across the flow's own retries in between.
 */
export class SuspensionWatch {
  readonly #maxSuspendedMs: number;
  readonly #onTooLong: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(maxSuspendedMs: number, onTooLong: () => void) {
    this.#maxSuspendedMs = maxSuspendedMs;
    this.#onTooLong = onTooLong;
  }

  /** Looks at the flow after each change. */
  observe(view: Pick<FlowView, 'step' | 'error'>): void {
    if (view.step === 'suspended') {
      this.#timer ??= setTimeout(this.#onTooLong, this.#maxSuspendedMs);
    } else if (!view.error?.retryable) {
      this.stop();
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
