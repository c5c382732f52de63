/**
 * The stable code a refusal of kyc-flow's own proxy begins its `apiMsg` with
 * (`PROXY_UNAUTHENTICATED: the caller is not signed in`), or `undefined` for any other
 * answer: what tells a signed-out caller or a file too large from the gateway's refusals.
 */
export const proxyCodeOf = (apiMsg: string): string | undefined =>
  /^PROXY_[A-Z_]+(?=:)/.exec(apiMsg)?.[0];
