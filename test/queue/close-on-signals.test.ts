import { describe, expect, it, vi } from 'vitest';
import { closeOnSignals } from '../../src/adapters/queue/signals.js';

/**
 * A worker told to close on a signal of the host's choosing (`closeOn`) and signalled again
 * while it closes ends at once, with the code a shell reports for that signal: 128 + its
 * number (SIGHUP 129), not SIGTERM's 143 for any signal but SIGINT.
 */
describe('closeOnSignals, a second signal while closing', () => {
  it.each([
    ['SIGHUP', 129],
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s ends the process with %i', async (signal, code) => {
    // The host listens too: once closed, the signal is not raised again on this test process.
    const host = () => {};
    process.on(signal, host);
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    let release = () => {};
    const closing = new Promise<void>((done) => {
      release = done;
    });
    const before = process.listeners(signal);
    try {
      closeOnSignals([signal], () => closing);
      const [onSignal] = process.listeners(signal).filter((listener) => !before.includes(listener));
      // As Node calls a signal's listeners: with the signal's name.
      onSignal?.(signal);
      expect(exit).not.toHaveBeenCalled();
      onSignal?.(signal);
      expect(exit).toHaveBeenCalledWith(code);
    } finally {
      for (const listener of process.listeners(signal)) {
        if (!before.includes(listener)) process.off(signal, listener);
      }
      release();
      await closing;
      await new Promise((resolve) => setImmediate(resolve));
      process.off(signal, host);
      exit.mockRestore();
    }
  });
});
