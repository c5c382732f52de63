import { constants } from 'node:os';

/**
 * On the first of `signals`, runs `close`, then lets the signal do what it would have done
 * without us: the process ends as Node ends it on that signal, unless the host listens to
 * it too (then the host decides). A second signal while closing ends the process at once.
 */
export function closeOnSignals(
  signals: readonly NodeJS.Signals[],
  close: () => Promise<void>,
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      // As a shell reports a process that signal ended: SIGHUP 129, SIGINT 130, SIGTERM 143.
      process.exit(128 + (constants.signals[signal] ?? constants.signals.SIGTERM));
    }
    closing = true;
    void close()
      .catch(() => undefined)
      .finally(() => {
        for (const name of signals) process.off(name, onSignal);
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };
  for (const signal of signals) process.on(signal, onSignal);
}
