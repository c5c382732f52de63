/**
 * Whether a request comes from a page the proxy serves: the browser's `Sec-Fetch-Site`
 * says `same-origin`, or (older browsers) its `Origin` is the proxy's own; an origin the
 * host lists passes either way. A request with neither header comes from no web page (a
 * server, a native app), so no other site can have forged it: it passes, and the caller's
 * credentials decide as for every call.
 */
export const fromAllowedOrigin = (request: Request, allowed: ReadonlySet<string>): boolean => {
  const origin = request.headers.get('origin');
  if (origin !== null && allowed.has(origin)) return true;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  return origin === null || origin === new URL(request.url).origin;
};
