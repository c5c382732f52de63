/** A seeded source of randomness: the same seed gives the same ids and timings. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
  /** An RFC 4122 version 4 shaped id (`requestId`s look like the guide's example). */
  uuid(): string;
}

/** mulberry32: tiny, fast, and good enough for test timings and ids. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number) => {
    let out = '';
    while (out.length < length) out += int(0, 15).toString(16);
    return out;
  };
  return {
    next,
    int,
    hex,
    uuid: () =>
      `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + int(0, 3)).toString(16)}${hex(3)}-${hex(12)}`,
  };
}

/**
 * A uniform number in [0, 1) that depends only on its arguments, so an execution's
 * timings are a pure function of its seed and how far it got (no shared generator state).
 */
export function unitFor(seed: number, step: number, salt: number): number {
  return mulberry32(seed ^ Math.imul(step + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b))();
}

export const randomSeed = (): number => Math.floor(Math.random() * 2 ** 32);
