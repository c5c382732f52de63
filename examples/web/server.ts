/**
 * The demo's backend, one process: the sandbox gateway, the signing proxy the page talks
 * to (the secret stays here), a few demo-only routes, and the page itself (Vite's dev
 * server with hot reload, or a built `dist`).
 *
 *   npm run demo                      # http://127.0.0.1:5173, sandbox at speed 2
 *   npm run demo -- --port 8080 --speed 4
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { createGatewayProxy } from '../../src/adapters/proxy/index.js';
import { type Sandbox, SCENARIO_NAMES, startSandbox } from '../../src/sandbox/index.js';

export const SESSION_COOKIE = 'kyc_demo_session';
const HERE = import.meta.dirname;

export interface DemoServerOptions {
  /** Default 0 (any free port). The host is always 127.0.0.1. */
  readonly port?: number;
  /** The sandbox's speed; the page polls at the same pace. Default 2. */
  readonly speed?: number;
  readonly seed?: number;
  /** A built page (`vite build`) to serve; without it, Vite's dev server serves the source. */
  readonly distDir?: string;
}

export interface DemoServer {
  readonly url: string;
  readonly sandbox: Sandbox;
  close(): Promise<void>;
}

const cookieOf = (header: string | null | undefined, name: string): string | undefined =>
  header
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === name)?.[1];

/** The built page may run no inline script and no `eval`: the flow brain must not need them. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "frame-src 'self' https://stately.ai",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The built page: its files, and `index.html` for every other path (one-page app). */
const staticFiles = (distDir: string) => {
  const root = resolve(distDir);
  return async (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://demo').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) file = join(root, 'index.html');
    const found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) file = join(root, 'index.html');
    const body = await readFile(file);
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    });
    response.end(body);
  };
};

/** Vite in middleware mode: the page from source, with hot reload. */
const devPages = async (server: Server) => {
  const { createServer: createVite } = await import('vite');
  const vite = await createVite({
    configFile: join(HERE, 'vite.config.ts'),
    server: { middlewareMode: true, hmr: { server } },
    appType: 'spa',
  });
  return {
    handle: (request: IncomingMessage, response: ServerResponse) =>
      vite.middlewares(request, response, () => {
        response.statusCode = 404;
        response.end();
      }),
    close: () => vite.close(),
  };
};

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const speed = options.speed ?? 2;
  const sandbox = await startSandbox({
    speed,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const { apiKey, apiSecret, domainId } = sandbox.credentials;
  const proxy = createGatewayProxy({
    gatewayUrl: sandbox.gatewayUrl,
    apiKey,
    apiSecret,
    domainId,
    // Each browser gets its own session cookie from /demo/config; its executions are its own.
    authorize: (request) => {
      const session = cookieOf(request.headers.get('cookie'), SESSION_COOKIE);
      return session ? { callerId: session } : null;
    },
  });

  const demoApi = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/api/kyc') return proxy(request);
    if (url.pathname === '/demo/config') {
      const session = cookieOf(request.headers.get('cookie'), SESSION_COOKIE);
      return json(
        { speed, otpCode: '123456', scenarios: SCENARIO_NAMES },
        session
          ? {}
          : {
              headers: {
                'set-cookie': `${SESSION_COOKIE}=${randomUUID()}; Path=/; HttpOnly; SameSite=Strict`,
              },
            },
      );
    }
    if (url.pathname === '/demo/stats') {
      const { registrations, starts, calls } = sandbox.stats();
      return json({ registrations, starts, calls });
    }
    // Stands in for the vendor's back office, so that the manual-review scenario can end.
    if (url.pathname === '/demo/review' && request.method === 'POST') {
      const { executionId, decision } = (await request.json()) as {
        executionId?: string;
        decision?: 'APPROVED' | 'REJECTED';
      };
      try {
        sandbox.admin.decideReview(
          executionId ?? '',
          decision === 'REJECTED' ? 'REJECTED' : 'APPROVED',
        );
        return json({ ok: true });
      } catch (error) {
        return json({ ok: false, message: (error as Error).message }, { status: 409 });
      }
    }
    return json({ message: 'not found' }, { status: 404 });
  };
  // Leaves the process's own Request and Response alone (it may be a test runner).
  const api = getRequestListener(demoApi, { overrideGlobalObjects: false });

  const server = createServer();
  const pages = options.distDir
    ? { handle: staticFiles(options.distDir), close: async () => undefined }
    : await devPages(server);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/demo/')) {
      void api(request, response);
      return;
    }
    void Promise.resolve(pages.handle(request, response)).catch(() => {
      response.statusCode = 500;
      response.end();
    });
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    sandbox,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await pages.close();
      await sandbox.close();
    },
  };
}

const main = async () => {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      speed: { type: 'string', default: '2' },
      dist: { type: 'string' },
    },
  });
  const demo = await startDemoServer({
    port: Number(values.port),
    speed: Number(values.speed),
    ...(values.dist ? { distDir: values.dist } : {}),
  });
  console.log(`kyc-flow demo: ${demo.url}  (sandbox speed ${values.speed}; OTP code 123456)`);
  const stop = () => {
    void demo.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'server.ts')) {
  void main();
}
