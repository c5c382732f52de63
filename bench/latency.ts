const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A `fetch` behind a network: half the round trip before the request reaches the server,
 * half before the answer comes back. Every side gets the same one.
 */
export function withLatency(
  fetch: typeof globalThis.fetch,
  roundTripMs: number,
): typeof globalThis.fetch {
  if (roundTripMs <= 0) return fetch;
  return async (input, init) => {
    await sleep(roundTripMs / 2);
    const response = await fetch(input, init);
    await sleep(roundTripMs / 2);
    return response;
  };
}
