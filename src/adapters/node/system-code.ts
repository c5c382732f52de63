/**
 * The system's error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, ...) somewhere in an
 * error's cause chain: `fetch` wraps it in a TypeError, the client in a TransportError.
 */
export function systemCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && code !== 'TRANSPORT_ERROR') {
      return code;
    }
    current = cause;
  }
  return undefined;
}
