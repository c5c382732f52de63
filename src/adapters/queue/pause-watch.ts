import type { Redis as RedisClient } from 'ioredis';

/**
 * While calls are asked about, the subscriber's connection is pinged this often at most,
 * and trusted only while its last answer is at most `TRUSTED_FOR_MS` old.
 */
const HEARTBEAT_MS = 250;
const TRUSTED_FOR_MS = 750;

/**
 * The hold every worker keeps while the gateway's "too many" lasts, as this worker knows it
 * without asking Redis per call: the pause as it stood when this worker subscribed to the
 * pauses' channel (read once subscribed, again after each reconnect), and every pause
 * published since. `undefined` whenever a pause might go unheard (not subscribed yet, or the
 * subscriber's connection has not answered a ping within `TRUSTED_FOR_MS`: away, or dead
 * without a word): then the caller asks Redis, as it did before there was a watch.
 */
export interface PauseWatch {
  /** How long calls are held from now (0: none), or `undefined` when it cannot tell. */
  heldForMs(): number | undefined;
  /** A pause of `ms` this worker set itself: held at once, before its message comes back. */
  heard(ms: number): void;
  close(): void;
}

export function watchPauses(redis: RedisClient, pauseKey: string, channel: string): PauseWatch {
  let heldUntil = 0;
  let subscribed = false;
  let answeredAt = Number.NEGATIVE_INFINITY;
  let subscriber: RedisClient | undefined;
  let pingedAt = Number.NEGATIVE_INFINITY;
  let closed = false;
  // Counts the subscriber's connections: a subscription begun on one that has since closed
  // can finish after a quick reconnect, before the new one's own is in place.
  let connections = 0;
  const hold = (ms: number) => {
    if (ms > 0) heldUntil = Math.max(heldUntil, performance.now() + ms);
  };
  const open = () => {
    // Subscribed again by `ready` below after each reconnect, the pause read after it.
    const connection = redis.duplicate({ autoResubscribe: false });
    subscriber = connection;
    connection.on('message', (_channel: string, ms: string) => hold(Number(ms)));
    // The main connection (the same Redis) reports trouble; here it only ends the trust.
    connection.on('error', () => undefined);
    connection.on('close', () => {
      subscribed = false;
    });
    connection.on('ready', () => {
      connections += 1;
      const current = connections;
      // Subscribed first, then the pause read: none set in between goes unheard.
      connection
        .subscribe(channel)
        .then(() => redis.pttl(pauseKey))
        .then((ms) => {
          hold(ms);
          // Trusted only by this connection's own subscription and the read after it.
          if (current !== connections) return;
          subscribed = connection.status === 'ready' && !closed;
          answeredAt = performance.now();
        })
        .catch(() => undefined);
    });
  };
  // Only while calls go: an idle worker pings nobody.
  const ping = (now: number) => {
    if (now - pingedAt < HEARTBEAT_MS || subscriber?.status !== 'ready') return;
    pingedAt = now;
    subscriber.ping().then(
      () => {
        answeredAt = performance.now();
      },
      () => undefined,
    );
  };
  return {
    heldForMs() {
      if (!subscriber && !closed) open();
      const now = performance.now();
      ping(now);
      if (!subscribed || now - answeredAt > TRUSTED_FOR_MS) return undefined;
      return Math.max(0, heldUntil - now);
    },
    heard: hold,
    close() {
      closed = true;
      subscribed = false;
      subscriber?.disconnect();
    },
  };
}
