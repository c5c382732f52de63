import { type Context, Hono } from 'hono';
import { type Answer, type Refusal, refuse } from './answer.js';
import { bump } from './counters.js';
import type { Dialect } from './dialect.js';
import type { Engine } from './engine.js';
import type { FaultPlanner } from './faults.js';
import type { Random } from './random.js';
import type { ReplayPlayer } from './replay.js';
import { createSignatureCheck } from './signing.js';
import type { FaultKind, SandboxCredentials } from './types.js';

export interface SandboxAppOptions {
  readonly engine: Engine;
  /** How answers are worded (the engine's own, or a gateway that differs from the brief). */
  readonly dialect: Dialect;
  readonly faults: FaultPlanner;
  readonly credentials: SandboxCredentials;
  /** Delay of a `slow` fault, already divided by speed. */
  readonly slowMs: number;
  readonly retryAfterSeconds: number;
  /** Names uploaded files. */
  readonly random: Random;
  /** Answers gateway calls from a recording instead of the engine. */
  readonly replay?: ReplayPlayer;
}

const API_VERSION = '1.0.0';

const envelope = (answer: Answer) =>
  answer.ok
    ? { apiCode: 200, apiMsg: 'OK', data: answer.data }
    : { apiCode: answer.apiCode, apiMsg: answer.apiMsg, data: null };

/** What a Node server hands the app (`@hono/node-server` puts the request in `env`). */
interface NodeBindings {
  readonly incoming?: { readonly socket?: { destroy(): void } };
}

/**
 * Ends the exchange without an answer. On Node the socket is destroyed, so the client's
 * fetch rejects; in a fetch runtime without sockets, `Response.error()` is the nearest
 * thing (a network error in a Service Worker).
 */
function drop(c: Context): Response {
  const socket = (c.env as NodeBindings | undefined)?.incoming?.socket;
  if (!socket) return Response.error();
  socket.destroy();
  // Nobody reads this: the socket is gone, the adapter's write fails quietly.
  return new Response(null, { status: 500 });
}

/** A delay that never keeps a Node process alive on its own (a closed sandbox may exit). */
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer: unknown = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The sandbox's HTTP face: `POST /gateway?api=&apiVersion=1.0.0&apiKey=&sign=` with
 * `x-domain`, as the vendor documents it, and `POST /storage` for uploads. Every
 * envelope answers HTTP 200, failures included, as gateways of this kind do; only
 * injected faults answer otherwise.
 */
export function createSandboxApp(options: SandboxAppOptions): Hono {
  const { engine, faults, credentials, dialect } = options;
  const verify = createSignatureCheck(credentials.apiSecret);
  const app = new Hono();

  const authorised = (c: Context) =>
    c.req.query('apiKey') === credentials.apiKey &&
    c.req.header('x-domain') === credentials.domainId;

  /** The call's JSON body once credentials, signature and version check out. */
  async function check(
    c: Context,
    body: Uint8Array<ArrayBuffer>,
  ): Promise<{ ok: true; json: unknown } | Refusal> {
    if (!authorised(c)) {
      return refuse('API_NON_AUTHORIZED', 'apiKey or x-domain: not recognised');
    }
    if (!(await verify(body, c.req.query('sign')))) {
      return refuse(
        'SIGN_ERROR',
        'sign: not the HMAC-SHA256 (lowercase hex) of the exact body bytes with the API secret',
      );
    }
    if (c.req.query('apiVersion') !== API_VERSION) {
      return refuse('API_NOT_FOUND', `apiVersion: only ${API_VERSION} exists`);
    }
    try {
      return { ok: true, json: JSON.parse(utf8.decode(body)) };
    } catch {
      return refuse('API_INVALID_REQUEST', 'body: not valid UTF-8 JSON');
    }
  }

  async function answer(c: Context, api: string, body: Uint8Array<ArrayBuffer>): Promise<Answer> {
    const checked = await check(c, body);
    return checked.ok ? dialect.call(api, checked.json) : checked;
  }

  /** A call answered from the recording: as recorded, after its recorded duration. */
  async function replayed(c: Context, api: string, player: ReplayPlayer): Promise<Response> {
    const checked = await check(c, new Uint8Array(await c.req.arrayBuffer()));
    if (!checked.ok) return c.json(envelope(checked));
    const turn = player.next(api, checked.json);
    if (turn.kind === 'unrecorded') {
      return c.json(envelope(refuse('API_NOT_FOUND', `api: ${api} is not in the recording`)));
    }
    await sleep(turn.delayMs);
    if (turn.kind === 'drop') return drop(c);
    const headers = new Headers({ 'Content-Type': 'application/json' });
    if (turn.retryAfter !== undefined) headers.set('Retry-After', turn.retryAfter);
    // A status outside Hono's list is still sent as recorded.
    return new Response(turn.body, { status: turn.status, headers });
  }

  function faultAnswer(c: Context, kind: FaultKind): Response {
    const retryAfter = { 'Retry-After': String(options.retryAfterSeconds) };
    switch (kind) {
      case 'http-500':
        return c.text('Internal Server Error', 500);
      case 'http-503':
        return c.text('Service Unavailable', 503, retryAfter);
      case 'http-429':
        return c.text('Too Many Requests', 429, retryAfter);
      case 'service-timeout':
        return c.json(envelope(refuse('SERVICE_TIME_OUT', 'injected fault')));
      case 'gateway-error':
        return c.json(envelope(refuse('GATEWAY_ERROR', 'injected fault')));
      case 'invoke-error':
        return c.json(envelope(refuse('SERVICE_INVOKE_ERROR', 'injected fault')));
      case 'malformed-envelope':
        return c.body('{"apiCode":200,"apiMsg":"OK","data":{"execu', 200, {
          'Content-Type': 'application/json',
        });
      default:
        return drop(c);
    }
  }

  app.post('/gateway', async (c) => {
    const api = c.req.query('api') ?? '';
    bump(engine.counters.calls, api || '(no api)');
    if (options.replay) return replayed(c, api, options.replay);
    const fault = faults.pick(api);
    if (fault) engine.counters.faultsInjected += 1;
    if (fault && fault !== 'slow' && fault !== 'drop-after-effect') return faultAnswer(c, fault);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (fault === 'slow') await sleep(options.slowMs);
    const result = await answer(c, api, body);
    if (fault === 'drop-after-effect') return drop(c);
    return c.json(dialect.envelope(result));
  });

  // Storage is undocumented. Chosen: the same `apiKey` query parameter and `x-domain`
  // header as the gateway; `sign` is optional (a client that signs the multipart bytes
  // is checked, one that does not is accepted), because browsers upload through the
  // host's proxy and multipart bodies are awkward to sign.
  app.post('/storage', async (c) => {
    bump(engine.counters.calls, 'storage.upload');
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (!authorised(c)) {
      return c.json(envelope(refuse('API_NON_AUTHORIZED', 'apiKey or x-domain: not recognised')));
    }
    const sign = c.req.query('sign');
    if (sign !== undefined && !(await verify(body, sign))) {
      return c.json(envelope(refuse('SIGN_ERROR', 'sign: does not match the body')));
    }
    let form: FormData;
    try {
      form = await new Response(body, {
        headers: { 'Content-Type': c.req.header('Content-Type') ?? '' },
      }).formData();
    } catch {
      return c.json(envelope(refuse('API_INVALID_REQUEST', 'body: expected multipart/form-data')));
    }
    const file = form.get('file');
    const executionId = form.get('executionId');
    if (typeof file === 'string' || file === null) {
      return c.json(envelope(refuse('API_INVALID_REQUEST', 'file: required (a file part)')));
    }
    if (typeof executionId !== 'string' || executionId === '') {
      return c.json(envelope(refuse('API_INVALID_REQUEST', 'executionId: required')));
    }
    const filename = (file.name || 'upload').replace(/[^A-Za-z0-9._-]/g, '_');
    const url = `s3://workflow-kyc/${encodeURIComponent(executionId)}/${options.random.hex(12)}-${filename}`;
    return c.json(
      envelope({
        ok: true,
        data: { url, filename, content_type: file.type || undefined, size: file.size },
      }),
    );
  });

  app.all('/gateway', (c) => c.text('Method Not Allowed', 405, { Allow: 'POST' }));
  app.all('/storage', (c) => c.text('Method Not Allowed', 405, { Allow: 'POST' }));
  return app;
}
