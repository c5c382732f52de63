import type { Context } from 'hono';
import type { Answer } from '../answer.js';

/** The vendor's envelope around an answer: `data` on success, `data: null` on failure. */
export const envelope = (answer: Answer) =>
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
export function drop(c: Context): Response {
  const socket = (c.env as NodeBindings | undefined)?.incoming?.socket;
  if (!socket) return Response.error();
  socket.destroy();
  // Nobody reads this: the socket is gone, the adapter's write fails quietly.
  return new Response(null, { status: 500 });
}

/** A delay that never keeps a Node process alive on its own (a closed sandbox may exit). */
export const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer: unknown = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
