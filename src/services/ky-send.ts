import type { KyInstance } from 'ky';
import type { HttpSend } from './types.js';

/**
 * Sends through ky, the brief's choice for the server-side client, with ky's own retry
 * and timeout off: the client's loop does both (see `createTransport`). ky is loaded on the
 * first request, so a browser bundle whose client sends with plain `fetch` (the proxy
 * client) carries ky only as a chunk it never downloads.
 */
export const kySend = (fetch?: typeof globalThis.fetch): HttpSend => {
  let http: Promise<KyInstance> | undefined;
  const load = () =>
    import('ky').then(({ default: ky }) =>
      ky.create({ ...(fetch ? { fetch } : {}), retry: 0, timeout: false, throwHttpErrors: false }),
    );
  return async (url, request) => {
    http ??= load().catch((error: unknown) => {
      // A failed load must not poison every later call.
      http = undefined;
      throw error;
    });
    return (await http).post(url, request);
  };
};
