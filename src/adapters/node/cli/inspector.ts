import { createRunInspector, type RunInspector } from '../inspector/run-inspector.js';
import { scrubJsonText } from './scrub-values.js';

/** The run's inspector as `kyc-flow run --inspect` uses it. */
export interface CliInspector {
  /** Hand to `runHeadless({ inspect })`. */
  readonly inspect: RunInspector['inspect'];
  /** Tells the viewer how the run ended: the outcome line, or the message it stopped with. */
  readonly ended: RunInspector['ended'];
  /** Resolves once a viewer is connected (at once with `--inspect-no-wait`); rejects on `signal`. */
  waitForViewer(signal: AbortSignal): Promise<void>;
  /** After the outcome: keeps the pages up until `signal` (Ctrl-C), unless told not to wait. */
  holdOpen(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/** Rejects with the signal's reason once it is aborted. */
const aborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/**
 * Starts the offline viewer (and the Stately inspector beside it) on `port`, and says where
 * it is through `note`. With `wait`, the flow starts only once someone watches, and the
 * pages stay up after the outcome until Ctrl-C.
 */
export async function startCliInspector(
  port: number,
  wait: boolean,
  note: (text: string) => void,
  scrub: (text: string) => string,
): Promise<CliInspector> {
  // Each message is JSON the pages parse: scrubbed value by value, so it stays JSON.
  const inspector = await createRunInspector({
    mode: 'local',
    port,
    scrub: (text) => scrubJsonText(text, scrub),
  });
  note(
    `inspector: open ${inspector.viewerUrl} to watch the chart live (works offline; the Stately inspector is at ${inspector.statelyUrl})`,
  );
  return {
    inspect: inspector.inspect,
    ended: (end) => inspector.ended(end),
    async waitForViewer(signal) {
      if (!wait) return;
      note('inspector: waiting for a viewer to connect… (Ctrl-C to stop)');
      await Promise.race([inspector.connected, aborted(signal)]);
      note('inspector: a viewer is connected; starting the flow');
    },
    async holdOpen(signal) {
      if (!wait) return;
      process.stderr.write(
        `inspector: the run stays on view at ${inspector.viewerUrl}; Ctrl-C to stop\n`,
      );
      await aborted(signal).catch(() => undefined);
      // Ctrl-C reaches this process twice (from the terminal, and relayed by tsx or npx):
      // the second must not kill it, with a signal's exit code, while it closes.
      const ignore = () => undefined;
      process.on('SIGINT', ignore);
      process.on('SIGTERM', ignore);
    },
    stop: () => inspector.stop(),
  };
}
