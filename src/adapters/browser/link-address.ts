import type { ServerParts } from './server-side.js';

/**
 * How this page makes a handoff link's address from its token: the host's `handoffUrl`,
 * else this page's address without its query (it may name the customer) and with the token
 * in the fragment. Asked before a link is made, so that a host with no page address (server
 * rendering, a test runner) learns it needs `handoffUrl` before a token is spent.
 */
export const linkMaker = (parts: ServerParts): ((token: string) => string) => {
  const { handoffUrl } = parts.options;
  if (handoffUrl) return handoffUrl;
  const here = globalThis.location?.href;
  if (here === undefined) {
    throw new TypeError('handoff() needs options.handoffUrl where there is no page address');
  }
  return (token) => {
    const url = new URL(here);
    url.search = '';
    url.hash = `${parts.param}=${token}`;
    return url.href;
  };
};
