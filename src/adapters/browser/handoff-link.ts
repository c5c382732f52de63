/** The name a handoff link carries its token under, in the address's fragment. */
export const HANDOFF_PARAM = 'kyc-handoff';

/**
 * The token of the handoff link this page was opened with (`#kyc-handoff=<token>`), for
 * `createBrowserFlow({ handoff })`; `undefined` when there is none. The token rides in the
 * fragment, which browsers never send to a server: it stays out of access logs and
 * `Referer` headers.
 */
export const readHandoffToken = (
  address: string | undefined = globalThis.location?.href,
): string | undefined =>
  new URLSearchParams(address?.split('#')[1]).get(HANDOFF_PARAM) || undefined;
