import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** Where the latest connection to a host got: still connecting, refused or failed, or made. */
export type ConnectionState = 'connecting' | 'failed' | 'connected';

/** The host a message of Node's fetch (undici) about a connection is about, if it names one. */
function hostOf(message: unknown): string | undefined {
  const params =
    typeof message === 'object' && message !== null && 'connectParams' in message
      ? message.connectParams
      : undefined;
  const host =
    typeof params === 'object' && params !== null && 'host' in params ? params.host : undefined;
  return typeof host === 'string' ? host : undefined;
}

const CHANNELS: ReadonlyArray<readonly [string, ConnectionState]> = [
  ['undici:client:beforeConnect', 'connecting'],
  ['undici:client:connectError', 'failed'],
  ['undici:client:connected', 'connected'],
];

/**
 * Listens to what Node's fetch says of its connections (the `undici:client:*` diagnostics
 * channels), so that an attempt that timed out can be told apart: a host that took the
 * connection and never answered, or one that never took it. Only listens: nothing is sent.
 * `stateOf(host)` (as `URL.host` spells it) is `undefined` when nothing was heard, as with a
 * fetch of another make.
 */
export function watchConnections() {
  const states = new Map<string, ConnectionState>();
  const listeners = CHANNELS.map(([channel, state]) => {
    const listener = (message: unknown) => {
      const host = hostOf(message);
      if (host !== undefined) states.set(host, state);
    };
    subscribe(channel, listener);
    return [channel, listener] as const;
  });
  return {
    stateOf: (host: string): ConnectionState | undefined => states.get(host),
    stop(): void {
      for (const [channel, listener] of listeners) unsubscribe(channel, listener);
    },
  };
}
