/**
 * CORS for the origins the host lists (`allowedOrigins`), and for them alone: a page of
 * `https://app.example.com` calling a proxy on `https://api.example.com` needs the browser's
 * leave to send its JSON (a preflight) and to read the answer. Without it, listing an origin
 * let its calls through the proxy's own check while the browser still blocked every one.
 * Credentials are allowed: a listed origin is the host's own site, and its session cookie
 * or bearer token is how `authorize` knows the caller.
 */

/** How long a browser may reuse a preflight's answer (Chromium holds it 2 h at most). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** A header name as HTTP spells it (RFC 9110 `token`). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const listedOrigin = (request: Request, allowed: ReadonlySet<string>): string | undefined => {
  const origin = request.headers.get('origin');
  return origin !== null && allowed.has(origin) ? origin : undefined;
};

/** Whether the request is a browser's CORS preflight (not every OPTIONS is one). */
export const isPreflight = (request: Request): boolean =>
  request.method === 'OPTIONS' &&
  request.headers.has('origin') &&
  request.headers.has('access-control-request-method');

/**
 * A preflight's answer for a listed origin asking to POST: every header the page asked for
 * (a listed origin chooses its own, such as `authorization` or a CSRF header), the request
 * itself still checked in full when it comes. `undefined` for any other preflight.
 */
export const preflightAnswer = (
  request: Request,
  allowed: ReadonlySet<string>,
): Response | undefined => {
  const origin = listedOrigin(request, allowed);
  const method = request.headers.get('access-control-request-method');
  if (origin === undefined || method?.toUpperCase() !== 'POST') return undefined;
  const asked = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => HEADER_NAME.test(name));
  const headers = new Headers({
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST',
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    vary: 'Origin',
  });
  if (asked.length > 0) headers.set('access-control-allow-headers', asked.join(', '));
  return new Response(null, { status: 204, headers });
};

/**
 * `answer`, readable by the page that asked when its origin is listed: refusals too, so a
 * page can tell a 401 (sign in again) or a 429 and its `Retry-After` from a network failure.
 */
export const withCors = (
  answer: Response,
  request: Request,
  allowed: ReadonlySet<string>,
): Response => {
  const origin = listedOrigin(request, allowed);
  if (origin === undefined) return answer;
  // The proxy's own answers have headers to set; a relayed one may not (fetch's are immutable).
  const readable = new Response(answer.body, answer);
  readable.headers.set('access-control-allow-origin', origin);
  readable.headers.set('access-control-allow-credentials', 'true');
  readable.headers.set('access-control-expose-headers', 'retry-after');
  readable.headers.append('vary', 'Origin');
  return readable;
};
