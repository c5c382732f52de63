import { redact, redactText } from '../../../machine/index.js';
import { describeEvent, followingExecution } from './describe-event.js';
import { printable } from './printable.js';
import { formatElapsed, type Reporter, type TextOutput } from './reporter.js';

/**
 * A log that says nothing for this long gets a line saying where the flow still is: a long
 * RUNNING, a review or a stuck gateway then reads as waiting, not as a hung process.
 */
export const QUIET_LINE_MS = 60_000;

/** Plain lines for logs and pipes: one per milestone, each stamped with the elapsed time. */
export function createLineReporter(output: TextOutput, startedAt = Date.now()): Reporter {
  let lastStep: string | undefined;
  let execution: string | undefined;
  let newsAt = Date.now();
  let toldAt = newsAt;
  // Each line may carry a gateway's text: it stays on its line (see `printable`).
  const line = (text: string) =>
    output.write(`[${formatElapsed(Date.now() - startedAt)}] ${printable(text)}\n`);
  const news = (text: string) => {
    newsAt = Date.now();
    toldAt = newsAt;
    line(text);
  };
  const quiet = setInterval(() => {
    const now = Date.now();
    if (now - toldAt < QUIET_LINE_MS) return;
    toldAt = now;
    const minutes = Math.floor((now - newsAt) / 60_000);
    const where = execution === undefined ? '' : ` (execution ${execution})`;
    line(`still ${lastStep ?? 'starting'}${where}: nothing new for ${minutes} min`);
  }, QUIET_LINE_MS / 6);
  // The run's own work keeps the process alive, not this.
  quiet.unref();
  return {
    event(event) {
      if (event.type === 'state') {
        if (event.executionId !== undefined && event.executionId !== execution) {
          execution = event.executionId;
          news(followingExecution(execution));
        }
        if (event.step !== lastStep) news(`step ${event.step}`);
        lastStep = event.step;
        return;
      }
      const text = describeEvent(redact(event));
      if (text !== undefined) news(text);
    },
    note: (text) => news(redactText(text)),
    close: () => clearInterval(quiet),
  };
}
