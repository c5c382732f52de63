import { redact } from '../../../machine/index.js';
import type { Reporter, TextOutput } from './reporter.js';

/** One JSON object per line: every event, redacted, with the milliseconds since the run began. */
export function createJsonReporter(output: TextOutput, startedAt = Date.now()): Reporter {
  const write = (value: object) =>
    output.write(`${JSON.stringify({ at: Date.now() - startedAt, ...redact(value) })}\n`);
  return {
    event: (event) => write(event),
    note: (text) => write({ type: 'note', text }),
    close: () => undefined,
  };
}
