import { sleepUntil } from '../../machine/actors/sleep.js';

/**
 * Sleeps the flow's waits (the next poll, the next OCR read, a suspended back-off) can be
 * woken from: when the page becomes visible again, whatever was scheduled runs at once
 * instead of at its deadline. Host-agnostic in shape: `(until, signal) => Promise<void>`.
 */
export interface WakeableSleep {
  sleep(until: number, signal?: AbortSignal): Promise<void>;
  /** Ends every pending sleep now. */
  wake(): void;
}

/** The flow's one sleep (`sleepUntil`), with a wake-up for every sleep still pending. */
export const createWakeableSleep = (): WakeableSleep => {
  const sleeping = new Set<() => void>();
  return {
    sleep: (until, signal) => sleepUntil(until, signal, sleeping),
    wake() {
      for (const wake of [...sleeping]) wake();
    },
  };
};
