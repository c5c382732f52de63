import type { HeadlessEvent } from '../run-events.js';

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
