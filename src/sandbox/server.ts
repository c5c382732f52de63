import type { Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { createSandboxGateway } from './gateway.js';
import type { Sandbox, SandboxOptions } from './types.js';

const HOST = '127.0.0.1';

/**
 * Node only: the sandbox served over HTTP on 127.0.0.1. Resolves once listening;
 * `close()` ends every open connection at once (keep-alive ones included).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const gateway = createSandboxGateway(options);
  const sockets = new Set<Socket>();
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve(
        {
          fetch: gateway.app.fetch,
          hostname: HOST,
          port: options.port ?? 0,
          // The sandbox lives inside other people's processes: leave their globals alone.
          overrideGlobalObjects: false,
        },
        (info) => resolve({ server, port: info.port }),
      );
      server.once('error', reject);
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
    },
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  const base = `http://${HOST}:${port}`;
  return {
    ...gateway,
    gatewayUrl: `${base}/gateway`,
    storageUrl: `${base}/storage`,
    close,
  };
}
