import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port free a moment ago, for a command that must be told where to listen. */
export const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
};
