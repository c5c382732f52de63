import { redact } from '../../../machine/index.js';
import { printable } from './printable.js';
import type { Reporter, TextOutput } from './reporter.js';
import { scrubValues } from './scrub-values.js';

export interface JsonReporterOptions {
  /**
   * Keeps values out of each event (the profile's): applied to its strings before it is
   * serialised, never to the line, so that the line stays JSON (see `scrubValues`).
   */
  readonly scrub?: (text: string) => string;
  readonly startedAt?: number;
}

/**
 * One JSON object per line: every event, redacted, with the milliseconds since the run began.
 * `JSON.stringify` escapes C0 controls but leaves DEL, C1 controls, line separators, bidi
 * overrides and zero width characters raw, which a terminal showing the NDJSON would act on
 * or hide: `printable` escapes them as JSON does, so each line parses to the same value.
 */
export function createJsonReporter(
  output: TextOutput,
  { scrub, startedAt = Date.now() }: JsonReporterOptions = {},
): Reporter {
  const write = (value: object) => {
    const event = { at: Date.now() - startedAt, ...redact(value) };
    const shown = scrub ? scrubValues(event, scrub) : event;
    output.write(`${printable(JSON.stringify(shown))}\n`);
  };
  return {
    event: (event) => write(event),
    note: (text) => write({ type: 'note', text }),
    close: () => undefined,
  };
}
