import { HANDOFF_STEPS } from './handoff-steps.js';
import { holdingRefusals } from './held-refusals.js';
import { executionIdOf, hasEnded, keptSaves } from './kept-saves.js';
import { linkMaker } from './link-address.js';
import { begin, watch } from './owner-looks.js';
import { type Owner, show, stopWatching, takeBack } from './owner-stance.js';
import { DRIVEN_ELSEWHERE, type ProxyPost, refusedWith } from './proxy-post.js';
import type { ServerParts, ServerSide } from './server-side.js';
import { takeTabLock } from './tab-lock.js';
import type { HandoffLink, HandoffRequest } from './types.js';

/** Saves every step to the proxy, under the page's key; not while another device drives. */
const ownerSaves = (owner: Owner) =>
  keptSaves(async (flow) => {
    const executionId = executionIdOf(flow);
    if (executionId === undefined || owner.stance === 'away') return;
    const { key } = owner.parts;
    await owner.post('flow.save', { executionId, key, snapshot: flow }).catch((error: unknown) => {
      if (refusedWith(error, DRIVEN_ELSEWHERE)) watch(owner, 0);
    });
  });

/** `handoff()`: the flow saved as it is, then a one-time link to it. */
const offer = async (
  owner: Owner,
  saves: ReturnType<typeof keptSaves>,
  request: HandoffRequest,
): Promise<HandoffLink> => {
  const { holder } = owner.parts;
  const { executionId } = holder.face.getView();
  if (executionId === undefined || owner.stance === 'away' || !owner.hooks) {
    throw new TypeError('handoff() needs the flow running on this page, past its start');
  }
  const linkTo = linkMaker(owner.parts);
  saves.write(holder.face.persist());
  await saves.flush();
  const steps = request.steps ?? HANDOFF_STEPS;
  const link = (await owner.post('handoff.create', { executionId, steps })) as HandoffLink & {
    readonly taken: number;
  };
  const url = linkTo(link.token);
  Object.assign(owner, { steps, stance: 'offered', pastSteps: 0, taken: link.taken });
  show(owner, { status: 'offered', url, expiresAt: link.expiresAt });
  watch(owner);
  return { url, token: link.token, expiresAt: link.expiresAt };
};

/**
 * The page whose caller owns the flow. Its tabs take turns; the one that drives saves every
 * step, and hands the flow off on request. While a link is open it looks every `WATCH_MS`
 * whether it was opened; while the other device drives, it shows that device's progress,
 * calls nothing else, and drives again once the device hands back, falls silent, or stays
 * past its steps.
 */
export const ownerSide = (parts: ServerParts, post: ProxyPost): ServerSide => {
  const owner: Owner = {
    parts,
    post,
    stance: 'driving',
    hooks: undefined,
    timer: undefined,
    steps: HANDOFF_STEPS,
    shown: undefined,
    pastSteps: 0,
    taken: 0,
    looking: undefined,
  };
  parts.sent.fetch = holdingRefusals(owner, parts.options.fetch);
  const saves = ownerSaves(owner);
  return {
    lock(waiting, granted) {
      owner.hooks = [waiting, granted];
      const letGo = takeTabLock(parts.key)(waiting, () => void begin(owner));
      return () => {
        owner.hooks = undefined;
        stopWatching(owner);
        letGo();
      };
    },
    saved: {
      read: () => undefined,
      // The proxy forgets a flow at its outcome: a kept outcome would hold one of the
      // caller's few kept places (`keptFlowsPerCaller`) for good.
      write(flow) {
        if (hasEnded(flow)) this.clear();
        else saves.write(flow);
      },
      clear() {
        const { executionId } = parts.holder.face.getView();
        const elsewhere = owner.stance !== 'driving';
        saves.reset();
        stopWatching(owner);
        owner.stance = 'driving';
        show(owner);
        void saves.flush().then(async () => {
          // Started over while a link is open or another device drives: that device is
          // stopped first (link or grant revoked), then this page drives the fresh flow.
          if (elsewhere && executionId !== undefined) {
            await post('handoff.revoke', { executionId }).catch(() => undefined);
          }
          await post('flow.forget', { key: parts.key }).catch(() => undefined);
          if (elsewhere) owner.hooks?.[1]();
        });
      },
    },
    handoff: (request = {}) => offer(owner, saves, request),
    takeBack: () => takeBack(owner),
  };
};
