import { unitFor } from './random.js';

/** Durations at speed 1, in ms: [min, max]. */
export const BASE_DURATIONS = {
  /** RUNNING between two nodes. */
  gap: [300, 1500],
  /** OCR of an identity document (the guide: "usually 5–15 seconds"). */
  ocr: [5_000, 15_000],
  /** Automatic AML / sanctions screening. */
  screening: [1_000, 3_000],
} as const;

const SALT = { gap: 1, ocr: 2, screening: 3 } as const;

export type DurationKind = keyof typeof BASE_DURATIONS;

/** Every duration of an execution, divided by `speed`, drawn from its seed. */
export interface Timing {
  readonly speed: number;
  /** The `n`th duration of this kind for an execution seeded `seed`. */
  duration(kind: DurationKind, seed: number, n: number): number;
}

export function createTiming(speed: number): Timing {
  return {
    speed,
    duration(kind, seed, n) {
      const [min, max] = BASE_DURATIONS[kind];
      return (min + unitFor(seed, n, SALT[kind]) * (max - min)) / speed;
    },
  };
}
