import type { HandoffRequest } from './types.js';

/** What the other device does unless asked otherwise: the camera's steps, and the details read from the ID. */
export const HANDOFF_STEPS: NonNullable<HandoffRequest['steps']> = [
  'identityDocument',
  'particulars',
  'liveness',
];

/**
 * Steps the device a flow was handed to keeps going through whatever it was asked: the
 * flow works by itself there (or waits out a network fault, or shows an error to retry).
 */
const PASSING: ReadonlySet<string> = new Set([
  'idle',
  'registering',
  'starting',
  'polling',
  'screenCheck',
  'suspended',
  'needsAttention',
]);

/** Whether a handed-off flow at `step` has done what it was handed over for. */
export const handsBackAt = (step: string, steps: readonly string[]): boolean =>
  !steps.includes(step) && !PASSING.has(step);

/** How often a page looks at a flow another device drives, or at a link not yet opened. */
export const WATCH_MS = 2_000;
/** A network failure is tried again after this long. */
export const AGAIN_MS = 2_000;
