import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

const servers: Server[] = [];
const sockets: Socket[] = [];

/**
 * A TCP server on loopback that does `onSocket` with each connection (one that answers
 * nothing, or not as Redis would): its port. `closeTcpServers` ends them all.
 */
export async function tcpServer(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    onSocket(socket);
  }).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export function closeTcpServers(): void {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
}
