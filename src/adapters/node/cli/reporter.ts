import type { HeadlessEvent } from '../run-events.js';

/** Where a reporter writes: a stream (stdout, stderr), or one that passes text on scrubbed. */
export interface TextOutput {
  write(text: string): unknown;
  /** A terminal's width, when it is one. */
  readonly columns?: number;
}

/** `output`, with every text passed through `scrub` on its way. */
export const scrubbed = (output: TextOutput, scrub: (text: string) => string): TextOutput => ({
  write: (text) => output.write(scrub(text)),
  get columns() {
    return output.columns;
  },
});

/** Shows a run: NDJSON for machines, plain lines for logs, a live line on a terminal. */
export interface Reporter {
  event(event: HeadlessEvent): void;
  /** A line of the command's own (a banner, a hint). */
  note(text: string): void;
  /** Stops any animation; later output starts on a clean line. */
  close(): void;
}

export const formatElapsed = (ms: number): string => {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};
