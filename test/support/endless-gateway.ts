import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EndlessGateway {
  /** `http://127.0.0.1:<port>/gateway`. */
  readonly url: string;
  /** Requests it answered. */
  readonly reads: () => number;
  /** Bytes it got out before each caller let go. */
  readonly sent: () => number;
  readonly close: () => Promise<void>;
}

/**
 * A gateway (or something before it) that answers every request with an HTTP 200 whose body
 * never ends: JSON's own whitespace, as fast as the caller takes it, no length declared.
 */
export async function startEndlessGateway(): Promise<EndlessGateway> {
  let reads = 0;
  let sent = 0;
  const chunk = Buffer.alloc(16 * 1024, 0x20);
  const server = createServer((request, response) => {
    request.resume();
    reads += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    const pump = () => {
      while (!response.destroyed && response.write(chunk)) sent += chunk.length;
    };
    response.on('drain', pump);
    pump();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gateway`,
    reads: () => reads,
    sent: () => sent,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
