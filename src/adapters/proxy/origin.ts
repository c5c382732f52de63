/** The first of a header's comma-separated values, trimmed; `undefined` when absent or empty. */
const firstValue = (value: string | null): string | undefined =>
  value?.split(',')[0]?.trim() || undefined;

/**
 * The origin the page was served from, as the front proxy that ended TLS says it was asked
 * (`X-Forwarded-Proto`, `X-Forwarded-Host`): behind one, the request reaches us as
 * `http://` (or at an inner host) while the page is `https://`. A browser page cannot set
 * these headers on a call to another site without a CORS preflight, which only the listed
 * origins pass, so trusting them here lets no other site through.
 */
const forwardedOrigin = (request: Request, url: URL): string | undefined => {
  const proto = firstValue(request.headers.get('x-forwarded-proto'))?.toLowerCase();
  const host = firstValue(request.headers.get('x-forwarded-host'));
  if (proto === undefined && host === undefined) return undefined;
  if (proto !== undefined && proto !== 'http' && proto !== 'https') return undefined;
  return `${proto ?? url.protocol.slice(0, -1)}://${host ?? url.host}`;
};

/**
 * Whether a request comes from a page the proxy serves: the browser's `Sec-Fetch-Site`
 * says `same-origin`, or (older browsers, Safari before 16.4) its `Origin` is the proxy's
 * own, as asked or as forwarded; an origin the host lists passes either way. A request
 * with neither header comes from no web page (a server, a native app), so no other site
 * can have forged it: it passes, and the caller's credentials decide as for every call.
 */
export const fromAllowedOrigin = (request: Request, allowed: ReadonlySet<string>): boolean => {
  const origin = request.headers.get('origin');
  if (origin !== null && allowed.has(origin)) return true;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  if (origin === null) return true;
  const url = new URL(request.url);
  return origin === url.origin || origin === forwardedOrigin(request, url);
};
