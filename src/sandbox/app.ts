import { Hono } from 'hono';
import { bump } from './counters.js';
import type { Dialect } from './dialect.js';
import type { Engine } from './engine.js';
import type { FaultPlanner } from './faults.js';
import { createCallCheck } from './http/call-check.js';
import { gatewayCall } from './http/gateway-route.js';
import { storageUpload } from './http/storage-route.js';
import type { Random } from './random.js';
import type { ReplayPlayer } from './replay.js';
import type { SandboxCredentials } from './types.js';

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

/**
 * The sandbox's HTTP face: `POST /gateway?api=&apiVersion=1.0.0&apiKey=&sign=` with
 * `x-domain`, as the vendor documents it, and `POST /storage` for uploads. Every
 * envelope answers HTTP 200, failures included, as gateways of this kind do; only
 * injected faults answer otherwise.
 */
export function createSandboxApp(options: SandboxAppOptions): Hono {
  const calls = createCallCheck(options.credentials);
  const upload = storageUpload(calls, options.random);
  const app = new Hono();
  app.post('/gateway', gatewayCall(options, calls));
  app.post('/storage', (c) => {
    bump(options.engine.counters.calls, 'storage.upload');
    return upload(c);
  });
  app.all('/gateway', (c) => c.text('Method Not Allowed', 405, { Allow: 'POST' }));
  app.all('/storage', (c) => c.text('Method Not Allowed', 405, { Allow: 'POST' }));
  return app;
}
