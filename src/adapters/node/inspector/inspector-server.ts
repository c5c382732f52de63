import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InspectorError } from './inspector-error.js';

/** Answers one GET of the inspector's pages or streams. */
export type InspectorRoute = (request: IncomingMessage, response: ServerResponse) => void;

export interface InspectorServer {
  /** The port it listens on (the one asked for, or the one the system chose for 0). */
  readonly port: number;
  /** Stops listening and drops every connection, streams included. */
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A page on another site may not read the run through a DNS name it points at this
 * machine: only requests addressed to a loopback name (or the host listened on) are served.
 */
const addressedHere = (request: IncomingMessage, host: string): boolean => {
  try {
    const { hostname } = new URL(`http://${request.headers.host ?? ''}`);
    return LOOPBACK_NAMES.has(hostname) || hostname === host;
  } catch {
    return false;
  }
};

const refuse = (response: ServerResponse, status: number, text: string) => {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
};

/** Serves `routes` (by path) on `host:port`; throws `InspectorError` when the port is taken. */
export async function listenInspector(
  port: number,
  host: string,
  routes: Readonly<Record<string, InspectorRoute>>,
): Promise<InspectorServer> {
  const server = createServer((request, response) => {
    if (!addressedHere(request, host)) return refuse(response, 403, 'unexpected Host header');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(response, 405, 'only GET');
    }
    const route = routes[new URL(request.url ?? '/', 'http://inspector').pathname];
    if (!route) return refuse(response, 404, 'not found');
    route(request, response);
  });
  try {
    // Rejects with the `error` event (EADDRINUSE, EACCES) instead of crashing the process.
    await once(server.listen(port, host), 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InspectorError(
      'INSPECTOR_PORT_IN_USE',
      `inspector port ${port} on ${host} cannot be used (${code}); pick another`,
      { cause: error },
    );
  }
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
