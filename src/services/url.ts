/**
 * A URL as every client resolves it: a relative one (a same-origin proxy, `/api/kyc`) against
 * the page, read when it is called (server rendering has no page until then).
 */
export const resolveUrl = (url: string | URL): URL =>
  new URL(url, typeof location === 'undefined' ? undefined : location.href);
