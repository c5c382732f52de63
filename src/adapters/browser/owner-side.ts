import type { PersistedFlow } from '../../machine/types.js';
import type { DriverLock } from './driving.js';
import { AGAIN_MS, HANDOFF_STEPS, handsBackAt, WATCH_MS } from './handoff-steps.js';
import { executionIdOf, keptSaves } from './kept-saves.js';
import { showElsewhere, takeLatest } from './kept-view.js';
import { linkAddress } from './link-address.js';
import { type ProxyPost, refusedWith } from './proxy-post.js';
import type { ServerParts, ServerSide } from './server-side.js';
import { takeTabLock } from './tab-lock.js';
import type { HandoffLink, HandoffState } from './types.js';

/** A kept flow as `flow.load` answers it to its owner. */
interface Kept {
  readonly snapshot: PersistedFlow;
  readonly drivenElsewhere: boolean;
  readonly linkExpiresAt?: number;
  readonly steps?: readonly string[];
}

/** Where the owner's page stands: it drives, it offers a link (and drives), or another device drives. */
type Stance = 'driving' | 'offered' | 'away';

/**
 * The page whose caller owns the flow. Its tabs take turns; the one that drives saves every
 * step, and hands the flow off on request. While a link is open it looks every `WATCH_MS`
 * whether it was opened; while the other device drives, it shows that device's progress,
 * calls nothing else, and drives again once the device hands back, falls silent, or stays
 * past its steps.
 */
export const ownerSide = (parts: ServerParts, post: ProxyPost): ServerSide => {
  const { holder, key } = parts;
  let stance: Stance = 'driving';
  let hooks: Parameters<DriverLock> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let steps: readonly string[] = HANDOFF_STEPS;
  let shown: string | undefined;
  let pastSteps = 0;
  let offeredUntil = 0;
  const show = (handoffState?: HandoffState) => holder.mark({ handoffState });
  const load = async () => (await post('flow.load', { key })) as Kept | null;
  const stopWatching = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const watch = (after = WATCH_MS) => {
    stopWatching();
    timer = setTimeout(() => void look(), after);
  };
  const saves = keptSaves(async (flow) => {
    const executionId = executionIdOf(flow);
    if (executionId === undefined || stance === 'away') return;
    await post('flow.save', { executionId, key, snapshot: flow }).catch((error: unknown) => {
      if (refusedWith(error, 'PROXY_DRIVEN_ELSEWHERE')) watch(0);
    });
  });

  /** The other device drives: show its progress. */
  const away = (kept: Kept) => {
    const text = JSON.stringify(kept.snapshot);
    if (stance !== 'away' || text !== shown) {
      showElsewhere(parts, kept.snapshot);
      hooks?.[0]();
    }
    stance = 'away';
    shown = text;
    steps = kept.steps ?? steps;
    show({ status: 'away' });
  };
  /** This page drives again, from the latest kept snapshot. */
  const back = (kept: Kept | null) => {
    stopWatching();
    const was = stance;
    stance = 'driving';
    shown = undefined;
    pastSteps = 0;
    show(undefined);
    if (was !== 'away') return;
    takeLatest(parts, kept?.snapshot);
    hooks?.[1]();
  };
  const takeBack = async () => {
    const { executionId } = holder.face.getView();
    if (executionId === undefined) return;
    stopWatching();
    await post('handoff.revoke', { executionId });
    back(stance === 'away' ? await load().catch(() => null) : null);
  };

  const look = async (): Promise<void> => {
    timer = undefined;
    const kept = hooks && (await load().catch(() => undefined));
    if (!hooks) return;
    if (kept === undefined) return watch(AGAIN_MS);
    if (kept?.drivenElsewhere) {
      away(kept);
      pastSteps = handsBackAt(holder.face.getView().step, steps) ? pastSteps + 1 : 0;
      // Past its steps and still not handed back after another look: it went quiet there.
      if (pastSteps > 1) return void takeBack().catch(() => watch(AGAIN_MS));
      return watch();
    }
    if (stance === 'away') return back(kept);
    if (stance !== 'offered') return;
    if (kept?.linkExpiresAt !== undefined) return watch();
    stance = 'driving';
    show(Date.now() >= offeredUntil ? { status: 'expired' } : undefined);
  };
  /** Once this tab may drive: the kept flow, and whether another device has it. */
  const begin = async (): Promise<void> => {
    const kept = await load().catch((error: unknown) => (refusedWith(error) ? null : undefined));
    if (!hooks) return;
    if (kept === undefined) {
      timer = setTimeout(() => void begin(), AGAIN_MS);
      return;
    }
    if (kept?.drivenElsewhere) {
      away(kept);
      return watch();
    }
    takeLatest(parts, kept?.snapshot);
    hooks[1]();
    if (kept?.linkExpiresAt === undefined) return;
    stance = 'offered';
    offeredUntil = kept.linkExpiresAt;
    show({ status: 'offered', expiresAt: offeredUntil });
    watch();
  };

  return {
    lock(waiting, granted) {
      hooks = [waiting, granted];
      const letGo = takeTabLock(key, waiting, () => void begin());
      return () => {
        hooks = undefined;
        stopWatching();
        letGo();
      };
    },
    saved: {
      read: () => undefined,
      write: (flow) => saves.write(flow),
      clear() {
        saves.reset();
        stopWatching();
        stance = 'driving';
        show(undefined);
        void saves.flush().then(() => post('flow.forget', { key }).catch(() => undefined));
      },
    },
    async handoff(request = {}): Promise<HandoffLink> {
      const { executionId } = holder.face.getView();
      if (executionId === undefined || stance === 'away' || !hooks) {
        throw new TypeError('handoff() needs the flow running on this page, past its start');
      }
      saves.write(holder.face.persist());
      await saves.flush();
      steps = request.steps ?? HANDOFF_STEPS;
      const link = (await post('handoff.create', { executionId, steps })) as HandoffLink;
      const url = linkAddress(parts, link.token);
      stance = 'offered';
      offeredUntil = link.expiresAt;
      pastSteps = 0;
      show({ status: 'offered', url, expiresAt: link.expiresAt });
      watch();
      return { url, token: link.token, expiresAt: link.expiresAt };
    },
    takeBack,
  };
};
