import type { ServerParts } from './server-side.js';

/** The address of a link: this page's, without its query (it may name the customer). */
export const linkAddress = (parts: ServerParts, token: string): string => {
  if (parts.options.handoffUrl) return parts.options.handoffUrl(token);
  const here = new URL(globalThis.location?.href ?? 'about:blank');
  return `${here.origin}${here.pathname}#${parts.param}=${token}`;
};
