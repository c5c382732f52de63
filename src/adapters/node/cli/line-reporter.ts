import { redact, redactText } from '../../../machine/index.js';
import { describeEvent } from './describe-event.js';
import { formatElapsed, type Reporter, type TextOutput } from './reporter.js';

/** Plain lines for logs and pipes: one per milestone, each stamped with the elapsed time. */
export function createLineReporter(output: TextOutput, startedAt = Date.now()): Reporter {
  let lastStep: string | undefined;
  const line = (text: string) =>
    output.write(`[${formatElapsed(Date.now() - startedAt)}] ${text}\n`);
  return {
    event(event) {
      if (event.type === 'state') {
        if (event.step !== lastStep) line(`step ${event.step}`);
        lastStep = event.step;
        return;
      }
      const text = describeEvent(redact(event));
      if (text !== undefined) line(text);
    },
    note: (text) => line(redactText(text)),
    close: () => undefined,
  };
}
