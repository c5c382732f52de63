import type { KycFlow } from '../../machine/flow-over-client.js';
import type { PersistedFlow } from '../../machine/types.js';
import type { DriverLock } from './driving.js';
import type { FlowHolder } from './flow-holder.js';
import { ownerSide } from './owner-side.js';
import { phoneSide } from './phone-side.js';
import { proxyPost } from './proxy-post.js';
import type { createProxyFetch } from './proxy-transport.js';
import type { SavedFlow } from './saved-flow.js';
import type { BrowserFlow, BrowserFlowOptions } from './types.js';

/**
 * The options the flow's client sends with, its own copy: the owner's page swaps its `fetch`
 * for one that holds what the proxy refuses while another device drives (owner-side.ts).
 */
export type SentOptions = Omit<BrowserFlowOptions, 'fetch'> & { fetch?: typeof globalThis.fetch };

/** What a kept flow works with: the browser flow's parts, and the entry's own functions. */
export interface ServerParts {
  readonly options: BrowserFlowOptions;
  /** The page's key for its flow (its owner finds it again by it). */
  readonly key: string;
  readonly holder: FlowHolder;
  readonly sent: SentOptions;
  /** The flow over a snapshot; throws when this chart cannot read it. */
  readonly build: (snapshot: PersistedFlow) => KycFlow;
  /** Whether the proxy keeps this flow (else it has no handoffs). */
  readonly kept: boolean;
  /** `HANDOFF_PARAM`: what a link's address names its token (the entry's, handed over). */
  readonly param: string;
}

/** A kept flow at work: who drives it (the lock), its saves, its handoffs. */
export interface ServerSide extends Pick<BrowserFlow, 'handoff' | 'takeBack'> {
  readonly lock: DriverLock;
  /** Keeps the flow on the proxy (what the holder's `saved` does with it). */
  readonly saved: SavedFlow;
}

const notKept = async (): Promise<never> => {
  throw new TypeError("handoff() needs createBrowserFlow({ storage: 'server' })");
};

/** A flow kept in the browser: nothing to hand off. */
const keptHereOnly: ServerSide = {
  lock: (_, granted) => {
    granted();
    return () => undefined;
  },
  saved: { read: () => undefined, write: () => undefined, clear: () => undefined },
  handoff: notKept,
  takeBack: notKept,
};

/**
 * The page that keeps its flow on the proxy (and may hand it to another device), or the
 * device that continues a flow handed to it.
 */
export const createServerSide = (
  given: Omit<ServerParts, 'param'>,
  proxyFetch: typeof createProxyFetch,
  param: string,
): ServerSide => {
  const { options } = given;
  if (!given.kept) return keptHereOnly;
  const parts = { ...given, param };
  const post = proxyPost(proxyFetch(options.proxyUrl, options));
  const side = (options.handoff === undefined ? ownerSide : phoneSide)(parts, post);
  parts.holder.saved = side.saved;
  return side;
};
