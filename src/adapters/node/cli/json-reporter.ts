import { redact } from '../../../machine/index.js';
import { printable } from './printable.js';
import type { Reporter, TextOutput } from './reporter.js';

/**
 * One JSON object per line: every event, redacted, with the milliseconds since the run began.
 * `JSON.stringify` escapes C0 controls but leaves DEL, C1 controls, line separators and bidi
 * overrides raw, which a terminal showing the NDJSON would act on: `printable` escapes them
 * as JSON does, so each line parses to the same value.
 */
export function createJsonReporter(output: TextOutput, startedAt = Date.now()): Reporter {
  const write = (value: object) =>
    output.write(
      `${printable(JSON.stringify({ at: Date.now() - startedAt, ...redact(value) }))}\n`,
    );
  return {
    event: (event) => write(event),
    note: (text) => write({ type: 'note', text }),
    close: () => undefined,
  };
}
