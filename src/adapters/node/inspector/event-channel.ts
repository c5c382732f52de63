import type { ServerResponse } from 'node:http';

/** Messages pushed to every viewer as Server-Sent Events, replayed to each one that comes late. */
export interface EventChannel {
  /** Keeps `text` (one JSON document) for later viewers and sends it to the connected ones. */
  publish(text: string): void;
  /** Streams to `response`: everything kept so far, then each message as it comes. */
  attach(response: ServerResponse): void;
  /** Ends every stream. */
  close(): void;
}

const frame = (text: string) => `data: ${text}\n\n`;

/**
 * A channel keeping its last `max` messages: a run's whole history fits many times over,
 * and a flow left polling for days cannot fill the memory.
 */
export function createEventChannel(max: number): EventChannel {
  const kept: string[] = [];
  const viewers = new Set<ServerResponse>();
  return {
    publish(text) {
      kept.push(text);
      if (kept.length > max) kept.shift();
      for (const viewer of viewers) viewer.write(frame(text));
    },
    attach(response) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      // One write for the whole replay: a late viewer draws it in one go.
      response.write(`retry: 1000\n\n${kept.map(frame).join('')}`);
      viewers.add(response);
      response.on('close', () => viewers.delete(response));
    },
    close() {
      for (const viewer of viewers) viewer.end();
      viewers.clear();
    },
  };
}
