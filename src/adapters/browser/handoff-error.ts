/**
 * The proxy refused a flow route (`flow.*`, `handoff.*`): `code` is its stable code
 * (`PROXY_HANDOFF_REFUSED`, `PROXY_DRIVEN_ELSEWHERE`, …). What `handoff()` and
 * `takeBack()` reject with when the proxy says no; recognise it by its `name`.
 */
export class HandoffError extends Error {
  override readonly name = 'HandoffError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
