/**
 * What a browser's fetch hands back for a redirect in `redirect: 'manual'` mode: an opaque
 * redirect, its status hidden (0). The transport refuses it as it refuses any redirect.
 */
export const opaqueRedirect = (): Response =>
  Object.defineProperties(new Response(null), {
    type: { value: 'opaqueredirect' },
    status: { value: 0 },
  });

/** Node's fetch (undici) names a redirect it refused this way, and only this way. */
const isRefusedRedirect = (error: unknown): boolean =>
  error instanceof TypeError &&
  error.cause instanceof Error &&
  error.cause.message === 'unexpected redirect';

/**
 * `send` asked to refuse redirects itself (`redirect: 'error'`, and no window). In any other
 * mode undici's fetch (Node's, or the package's) copies every request, its body included (a
 * tee of the body stream), in case it has to follow: about a tenth of a gateway call's CPU,
 * for a redirect the client refuses anyway. A redirect it refused comes back as the opaque
 * one a browser hands in `'manual'` mode, so it is refused, never retried, the same way;
 * only its 3xx status is not known. For fetches of undici's kind only: another fetch names
 * a refused redirect in its own words, and would have it taken for a network failure.
 */
export const refusingRedirects =
  (send: typeof globalThis.fetch): typeof globalThis.fetch =>
  (input, init) =>
    send(input, { ...init, redirect: 'error', window: null }).catch((error: unknown) => {
      if (isRefusedRedirect(error)) return opaqueRedirect();
      throw error;
    });

/**
 * The platform's fetch (looked up per call), refusing redirects itself: what Node's client
 * sends with when the host gives no fetch of its own (a host's fetch gets `'manual'`).
 */
export const redirectRefusingFetch: typeof globalThis.fetch = refusingRedirects((input, init) =>
  globalThis.fetch(input, init),
);
