import { systemCode } from '../system-code.js';

/** How long a first contact with Redis may take before the CLI calls it unreachable. */
export const REDIS_REACH_MS = 5_000;

const CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'DNS: the host name does not resolve',
  EAI_AGAIN: 'DNS: the name server did not answer',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'the other end closed the connection',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the network',
};

/** Why the CLI cannot use a Redis: `credentials` when it refused them, else `unreachable`. */
export class RedisUnreachableError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'credentials',
  ) {
    super(message);
    this.name = 'RedisUnreachableError';
  }
}

/** A Redis URL's host and port, never its user or password. */
export function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'the given address';
  }
}

const AUTH = /^(NOAUTH|WRONGPASS)\b/;
const NOT_REDIS = /Unknown RESP type|Protocol error|ERR unknown command/i;
const telling = (error: unknown) =>
  error instanceof Error && (AUTH.test(error.message) || NOT_REDIS.test(error.message));

/** A failed first contact, in the CLI's words (no stack, no credentials). */
function failure(address: string, error: unknown): RedisUnreachableError {
  const message = error instanceof Error ? error.message : String(error);
  const auth = AUTH.exec(message)?.[1];
  if (auth) {
    return new RedisUnreachableError(
      `the Redis at ${address} refused the credentials (${auth})`,
      'credentials',
    );
  }
  if (NOT_REDIS.test(message)) {
    return new RedisUnreachableError(
      `${address} answers, but not as a Redis server does (another service on that port?)`,
      'unreachable',
    );
  }
  const code = systemCode(error);
  const cause = !code
    ? 'no answer in time'
    : /CERT|TLS|SSL|UNABLE_TO_(?:GET|VERIFY)/.test(code)
      ? `TLS: the connection is not trusted (${code})`
      : `${CAUSES[code] ?? 'network error'} (${code})`;
  return new RedisUnreachableError(
    `the Redis at ${address} could not be reached: ${cause}`,
    'unreachable',
  );
}

/**
 * One bounded first contact with the Redis at `url` (connect, then PING), before the queue's
 * own connection, which waits for Redis for ever once it is up: resolves when Redis answers;
 * rejects with a `RedisUnreachableError` naming the address and the cause within `timeoutMs`,
 * or with the signal's reason once it aborts. Its connection never retries and is closed.
 */
export async function reachRedis(
  url: string,
  signal: AbortSignal,
  timeoutMs = REDIS_REACH_MS,
): Promise<void> {
  signal.throwIfAborted();
  const { Redis } = await import('../../queue/peers.js');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    // A silent peer never closes its side: closing does not wait for it (default 2 s).
    disconnectTimeout: 50,
  });
  let lastError: unknown;
  redis.on('error', (error: unknown) => {
    // A protocol or credentials error says more than the broken pipe that may follow it.
    if (lastError === undefined || !telling(lastError)) lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const bounded = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(lastError ?? new Error('timeout')), timeoutMs);
    onAbort = () => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), bounded]);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw failure(redisAddress(url), lastError ?? error);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    // Not once it ended: ioredis would arm a 2 s timer on the closed socket, holding the process.
    if (redis.status !== 'end') redis.disconnect();
  }
}
