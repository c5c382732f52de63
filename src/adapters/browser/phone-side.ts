import type { PersistedFlow } from '../../machine/types.js';
import type { DriverLock } from './driving.js';
import { AGAIN_MS, HANDOFF_STEPS, handsBackAt } from './handoff-steps.js';
import { executionIdOf, keptSaves } from './kept-saves.js';
import { showElsewhere, takeLatest } from './kept-view.js';
import { type ProxyPost, refusedWith } from './proxy-post.js';
import type { ServerParts, ServerSide } from './server-side.js';
import type { HandoffState } from './types.js';

/** What `handoff.redeem` (or `flow.load` after a reload) answers the device. */
interface Taken {
  readonly snapshot: PersistedFlow;
  readonly drivenElsewhere?: boolean;
  readonly steps?: readonly string[];
  readonly leaseMs?: number;
}

/** The device speaks at least this often while it drives, to keep its lease. */
const BEAT_MS = 15_000;

/** This tab's note that it took the link, so that a reload carries on instead of redeeming again. */
const notes = (): Storage | undefined => {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
};

/**
 * The device that continues a flow handed to it: it redeems the link (once; after a reload
 * it loads what it took), drives the flow, saves every step and speaks every quarter of its
 * lease, and hands the flow back once it is past the steps it was asked to take, or done.
 * Refused at any point (the first device took it back, the link was spent), it stops.
 */
export const phoneSide = (parts: ServerParts, post: ProxyPost): ServerSide => {
  const { holder, key } = parts;
  const token = parts.options.handoff;
  let hooks: Parameters<DriverLock> | undefined;
  let executionId: string | undefined;
  let steps: readonly string[] = HANDOFF_STEPS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let beatMs = BEAT_MS;
  let over = false;
  let tries = 0;
  const show = (status: HandoffState['status']) => holder.mark({ handoffState: { status } });
  const end = (status: 'returned' | 'ended') => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    showElsewhere(parts);
    hooks?.[0]();
    show(status);
  };
  const refused = (error: unknown) => {
    if (refusedWith(error)) end('ended');
  };
  const beat = () => {
    timer = setTimeout(async () => {
      await post('flow.save', { executionId }).catch(refused);
      if (!over) beat();
    }, beatMs);
  };
  const handBack = async () => {
    if (over || executionId === undefined) return;
    await saves.flush();
    // Refused or not: its lease runs out by itself, and the first device carries on.
    await post('handoff.return', { executionId }).catch(() => undefined);
    end('returned');
  };
  const saves = keptSaves(async (flow) => {
    if (over || executionId === undefined) return;
    const kept = await post('flow.save', { executionId, snapshot: flow }).then(
      () => true,
      (error: unknown) => void refused(error),
    );
    if (kept && handsBackAt(holder.face.getView().step, steps)) void handBack();
  });

  /** Redeems the link, or (after a reload, or an answer lost) loads what this tab took. */
  const take = async (): Promise<Taken | null> => {
    const took = notes()?.getItem(key) === token || tries > 1;
    const loaded = took ? ((await post('flow.load', {})) as Taken | null) : null;
    if (loaded || !token || notes()?.getItem(key) === token) return loaded;
    const taken = (await post('handoff.redeem', { token })) as Taken;
    try {
      notes()?.setItem(key, token);
    } catch {
      // A full or blocked storage: a reload would find the link spent, nothing worse.
    }
    return taken;
  };
  const begin = async (): Promise<void> => {
    tries += 1;
    show('opening');
    const taken = await take().catch((error: unknown) => (refusedWith(error) ? null : undefined));
    if (!hooks || over) return;
    if (taken === undefined) {
      timer = setTimeout(() => void begin(), AGAIN_MS);
      return;
    }
    if (!taken || taken.drivenElsewhere) return end('ended');
    executionId = executionIdOf(taken.snapshot);
    steps = taken.steps ?? steps;
    if (taken.leaseMs) beatMs = Math.min(BEAT_MS, taken.leaseMs / 4);
    show('here');
    takeLatest(parts, taken.snapshot);
    hooks[1]();
    beat();
  };

  const notHere = async (): Promise<never> => {
    throw new TypeError('this device continues a flow handed to it: only the first device can');
  };
  return {
    lock(waiting, granted) {
      hooks = [waiting, granted];
      void begin();
      return () => {
        hooks = undefined;
        clearTimeout(timer);
      };
    },
    saved: {
      read: () => undefined,
      write: (flow) => saves.write(flow),
      clear: () => void handBack(),
    },
    handoff: notHere,
    takeBack: notHere,
  };
};
