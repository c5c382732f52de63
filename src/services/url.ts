/**
 * A URL as every client resolves it, and as `fetch` itself would: a relative one (a
 * same-origin proxy, `/api/kyc`) against the page's base URL (its `<base href>`, else its
 * address), read when it is called (server rendering has no page until then).
 */
export const resolveUrl = (url: string | URL): URL =>
  new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href);
