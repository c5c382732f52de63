import type { Context } from 'hono';
import { refuse } from '../answer.js';
import type { SandboxAppOptions } from '../app.js';
import { bump } from '../counters.js';
import { callerOf } from '../faults.js';
import type { ReplayPlayer } from '../replay.js';
import type { CallCheck } from './call-check.js';
import { drop, envelope, sleep } from './exchange.js';
import { faultAnswer } from './fault-answer.js';

/** A call answered from the recording: as recorded, after its recorded duration. */
async function replayed(
  c: Context,
  api: string,
  calls: CallCheck,
  player: ReplayPlayer,
): Promise<Response> {
  const checked = await calls.check(c, new Uint8Array(await c.req.arrayBuffer()));
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

/**
 * `POST /gateway?api=&apiVersion=1.0.0&apiKey=&sign=` with `x-domain`: counted, then
 * answered from the recording, or by an injected fault, or by the engine in the dialect.
 */
export const gatewayCall =
  (options: SandboxAppOptions, calls: CallCheck) =>
  async (c: Context): Promise<Response> => {
    const { engine, faults, dialect } = options;
    const api = c.req.query('api') ?? '';
    bump(engine.counters.calls, api || '(no api)');
    if (options.replay) return replayed(c, api, calls, options.replay);
    const body = new Uint8Array(await c.req.arrayBuffer());
    const fault = faults.pick(api, () => callerOf(body));
    if (fault) engine.counters.faultsInjected += 1;
    if (fault && fault !== 'slow' && fault !== 'drop-after-effect') {
      return faultAnswer(c, fault, options.retryAfterSeconds);
    }
    if (fault === 'slow') await sleep(options.slowMs);
    const checked = await calls.check(c, body);
    const result = checked.ok ? dialect.call(api, checked.json) : checked;
    if (fault === 'drop-after-effect') return drop(c);
    return c.json(dialect.envelope(result));
  };
