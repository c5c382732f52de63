/**
 * The demo's backend, one process: the sandbox gateway, the signing proxy the page talks
 * to (the secret stays here), a few demo-only routes, and the page itself (Vite's dev
 * server with hot reload, or a built `dist`).
 *
 *   npm run demo                      # http://127.0.0.1:5173, sandbox at speed 2
 *   npm run demo -- --port 8080 --speed 4
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { createGatewayProxy, type GatewayProxy } from '../../src/adapters/proxy/index.js';
import { type Sandbox, SCENARIO_NAMES, startSandbox } from '../../src/sandbox/index.js';
import { ID_LIMITS } from '../../src/services/wire/id-limits.js';

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

/**
 * The demo's sessions: `<id>.<mac>` under a key made at start, so that a session is one
 * this server issued, checked without keeping a table of them.
 */
const createSessions = () => {
  const key = randomBytes(32);
  const mac = (id: string) => createHmac('sha256', key).update(id).digest('base64url');
  return {
    issue: () => {
      const id = randomUUID();
      return `${id}.${mac(id)}`;
    },
    /** The id of the session this request's cookie carries, if this server issued it. */
    of: (request: Request): string | undefined => {
      const [id, given, ...rest] =
        cookieOf(request.headers.get('cookie'), SESSION_COOKIE)?.split('.') ?? [];
      if (!id || !given || rest.length > 0) return undefined;
      const expected = Buffer.from(mac(id));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual)
        ? id
        : undefined;
    },
  };
};

/** A request from one of the demo's own pages, or from no page at all (see the proxy's uploads). */
const fromOwnPage = (request: Request): boolean => {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = request.headers.get('origin');
  return origin === null || origin === new URL(request.url).origin;
};

type Review = { readonly executionId: string; readonly decision: 'APPROVED' | 'REJECTED' };

const readReview = async (request: Request): Promise<Review | undefined> => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return undefined;
  }
  const { executionId, decision } = (body ?? {}) as Record<string, unknown>;
  if (typeof executionId !== 'string' || executionId === '') return undefined;
  if (executionId.length > ID_LIMITS.executionId) return undefined;
  if (decision !== 'APPROVED' && decision !== 'REJECTED') return undefined;
  return { executionId, decision };
};

/** Whether the proxy serves this execution to this request's session: the page's own flow. */
const ownsExecution = async (proxy: GatewayProxy, request: Request, executionId: string) => {
  const status = new URL('/api/kyc?api=workflow.execution.status', request.url);
  const answer = await proxy(
    new Request(status, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: request.headers.get('cookie') ?? '' },
      body: JSON.stringify({ executionId }),
    }),
  );
  await answer.body?.cancel();
  return answer.ok;
};

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

type Sessions = ReturnType<typeof createSessions>;

/** The signing proxy the page talks to, its callers the demo's sessions. */
const demoProxy = (sandbox: Sandbox, sessions: Sessions, speed: number): GatewayProxy => {
  const { apiKey, apiSecret, domainId } = sandbox.credentials;
  return createGatewayProxy({
    gatewayUrl: sandbox.gatewayUrl,
    apiKey,
    apiSecret,
    domainId,
    // Each browser gets its own session cookie from /demo/config; its executions are its own.
    authorize: (request) => {
      const session = sessions.of(request);
      return session ? { callerId: session } : null;
    },
    // A demo session has no customer of record: the page names one, and the session that
    // registers it first holds it (the opt-in, with its limits: see the README).
    claimCustomers: 'first-caller',
    // One person trying every scenario (a flow each, left where they leave it), and polling
    // as fast as the sandbox runs.
    quotas: {
      bindingsPerCaller: 200,
      callsPerMinute: 300 * Math.max(1, speed),
      keptFlowsPerCaller: 100,
      uploadsPerMinute: 60 * Math.max(1, speed),
    },
  });
};

/** The sandbox's counters, for the page's chart panel: to the demo's own sessions only. */
const statsRoute = (sandbox: Sandbox, sessions: Sessions, request: Request): Response => {
  if (!sessions.of(request)) return json({ message: 'no demo session' }, { status: 401 });
  const { registrations, starts, calls } = sandbox.stats();
  return json({ registrations, starts, calls });
};

/**
 * Stands in for the vendor's back office, so that the manual-review scenario can end: for
 * the session's own execution only, asked from the demo's own page.
 */
const reviewRoute = async (
  demo: { readonly sandbox: Sandbox; readonly sessions: Sessions; readonly proxy: GatewayProxy },
  request: Request,
): Promise<Response> => {
  if (!demo.sessions.of(request)) return json({ message: 'no demo session' }, { status: 401 });
  if (!fromOwnPage(request)) return json({ message: 'not from this site' }, { status: 403 });
  const review = await readReview(request);
  if (!review) {
    const expected = 'expected { executionId, decision: APPROVED | REJECTED }';
    return json({ message: expected }, { status: 400 });
  }
  if (!(await ownsExecution(demo.proxy, request, review.executionId))) {
    return json({ message: 'not an execution of this session' }, { status: 403 });
  }
  try {
    demo.sandbox.admin.decideReview(review.executionId, review.decision);
    return json({ ok: true });
  } catch (error) {
    return json({ ok: false, message: (error as Error).message }, { status: 409 });
  }
};

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const speed = options.speed ?? 2;
  const sandbox = await startSandbox({
    speed,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const sessions = createSessions();
  const proxy = demoProxy(sandbox, sessions, speed);

  const demoApi = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/api/kyc') return proxy(request);
    if (url.pathname === '/demo/config') {
      const session = sessions.of(request);
      return json(
        { speed, otpCode: '123456', scenarios: SCENARIO_NAMES },
        session
          ? {}
          : {
              headers: {
                'set-cookie': `${SESSION_COOKIE}=${sessions.issue()}; Path=/; HttpOnly; SameSite=Strict`,
              },
            },
      );
    }
    if (url.pathname === '/demo/stats') return statsRoute(sandbox, sessions, request);
    if (url.pathname === '/demo/review' && request.method === 'POST') {
      return reviewRoute({ sandbox, sessions, proxy }, request);
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
