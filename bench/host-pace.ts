import type { Responder } from '../src/adapters/node/responder.js';

/**
 * How long the host takes to answer a node, in real-world ms (before the speed factor).
 * `headless`: a backend that holds the customer's data answers at once. `interactive`: a
 * person at the keyboard (capturing a document, typing particulars, reading an OTP email)
 * takes 15–45 s per node, a brisk pace: real people are slower, which only widens the gap.
 */
export type HostPace = 'headless' | 'interactive';

export const INTERACTIVE_THINK_MS: readonly [number, number] = [15_000, 45_000];

/** The same pause for the same flow and node on both sides, so they face the same person. */
export function thinkTime(pace: HostPace, flow: string, nodeType: string): number {
  if (pace === 'headless') return 0;
  const [min, max] = INTERACTIVE_THINK_MS;
  return min + unit(`${flow}|${nodeType}`) * (max - min);
}

/** FNV-1a, mapped to [0, 1): a stable pseudo-random number per key. */
function unit(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** A responder that pauses like the host would before it answers. `pause` is in wall-clock ms. */
export function pacedResponder(
  responder: Responder,
  pause: (nodeType: string) => number,
): Responder {
  return {
    async respond(request) {
      await sleep(pause(request.node.nodeType), request.signal);
      return responder.respond(request);
    },
  };
}
