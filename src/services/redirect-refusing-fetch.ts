/**
 * What a browser's fetch hands back for a redirect in `redirect: 'manual'` mode: an opaque
 * redirect, its status hidden (0). The transport refuses it as it refuses any redirect.
 */
const opaqueRedirect = (): Response =>
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
 * The platform's fetch, looked up per call, asked to refuse redirects itself
 * (`redirect: 'error'`, and no window). In any other mode Node's fetch copies every request,
 * its body included (a tee of the body stream), in case it has to follow: about a tenth of
 * a gateway call's CPU, for a redirect the client refuses anyway. A redirect it refused
 * comes back as the opaque one a browser hands in `'manual'` mode, so it is refused, never
 * retried, the same way; only its 3xx status is not known. Node's client sends with this
 * when the host gives no fetch of its own (a host's fetch gets `redirect: 'manual'`).
 */
export const redirectRefusingFetch: typeof globalThis.fetch = (input, init) =>
  globalThis.fetch(input, { ...init, redirect: 'error', window: null }).catch((error: unknown) => {
    if (isRefusedRedirect(error)) return opaqueRedirect();
    throw error;
  });
