import type { PersistedFlow } from '../../machine/types.js';
import { type ProxyPost, refusedWith } from './proxy-post.js';

/** What `handoff.redeem` (or `flow.load` after a reload) answers the device. */
export interface Taken {
  readonly snapshot: PersistedFlow;
  readonly drivenElsewhere?: boolean;
  readonly steps?: readonly string[];
  readonly leaseMs?: number;
}

/** This tab's note that it took the link, so that a reload carries on instead of redeeming again. */
const notes = (): Storage | undefined => {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
};

const tookAlready = (key: string, token: string | undefined) => {
  try {
    return token !== undefined && notes()?.getItem(key) === token;
  } catch {
    return false;
  }
};

const noteTaken = (key: string, token: string) => {
  try {
    notes()?.setItem(key, token);
  } catch {
    // A full or blocked storage: a reload would find the link spent, nothing worse.
  }
};

/**
 * Redeems the link, or (after a reload, or once an answer may have been lost: `retried`)
 * loads what this device took. `null` when there is nothing for it.
 */
export const takeFlow = async (
  post: ProxyPost,
  key: string,
  token: string | undefined,
  retried: boolean,
): Promise<Taken | null> => {
  const took = tookAlready(key, token);
  const loaded = took || retried ? ((await post('flow.load', {})) as Taken | null) : null;
  if (loaded || !token || took) return loaded;
  const taken = (await post('handoff.redeem', { token }).catch(async (error: unknown) => {
    // The link opened again in a new tab of this device (which has no note): what this
    // device took, while its lease runs; else the refusal stands.
    if (!refusedWith(error)) throw error;
    const again = await post('flow.load', {}).catch(() => null);
    if (!again) throw error;
    return again;
  })) as Taken;
  noteTaken(key, token);
  return taken;
};
