import { AGAIN_MS, handsBackAt, WATCH_MS } from './handoff-steps.js';
import { takeLatest } from './kept-view.js';
import {
  away,
  back,
  type Kept,
  loadKept,
  type Owner,
  show,
  stopWatching,
  takeBack,
} from './owner-stance.js';
import { refusedWith } from './proxy-post.js';

/** Looks again after `after` ms. */
export const watch = (owner: Owner, after = WATCH_MS) => {
  stopWatching(owner);
  owner.timer = setTimeout(() => void lookNow(owner), after);
};

/** Looks now, or joins the look under way; resolves once it is done. */
export const lookNow = (owner: Owner): Promise<void> => {
  stopWatching(owner);
  owner.looking ??= look(owner).finally(() => {
    owner.looking = undefined;
  });
  return owner.looking;
};

/** While the other device drives: follows it, and takes over once it is done or quiet. */
const follow = (owner: Owner, kept: Kept) => {
  away(owner, kept);
  const { step } = owner.parts.holder.face.getView();
  owner.pastSteps = handsBackAt(step, owner.steps) ? owner.pastSteps + 1 : 0;
  // Past its steps and still not handed back after another look: it went quiet there.
  if (owner.pastSteps > 1) return void takeBack(owner).catch(() => watch(owner, AGAIN_MS));
  watch(owner);
};

/**
 * One look at the kept flow, while a link is open or another device drives: whether the
 * link was opened, how far the other device got, whether it gave the flow back.
 */
const look = async (owner: Owner): Promise<void> => {
  owner.timer = undefined;
  const kept = owner.hooks && (await loadKept(owner).catch(() => undefined));
  if (!owner.hooks) return;
  if (kept === undefined) return watch(owner, AGAIN_MS);
  if (kept?.drivenElsewhere) return follow(owner, kept);
  if (owner.stance === 'away') return back(owner, kept);
  if (owner.stance !== 'offered') return;
  if (kept?.linkExpiresAt !== undefined) return watch(owner);
  if (kept && kept.taken !== owner.taken) {
    // Opened, used and given back between two looks: carry on from where it got to.
    owner.taken = kept.taken;
    owner.stance = 'away';
    return back(owner, kept);
  }
  // Only this tab takes a link back (`takeBack()`): gone unopened, it expired.
  owner.stance = 'driving';
  show(owner, { status: 'expired' });
};

/** Once this tab may drive: the kept flow, and whether another device has it. */
export const begin = async (owner: Owner): Promise<void> => {
  const kept = await loadKept(owner).catch((error: unknown) =>
    refusedWith(error) ? null : undefined,
  );
  const { hooks } = owner;
  if (!hooks) return;
  if (kept === undefined) {
    owner.timer = setTimeout(() => void begin(owner), AGAIN_MS);
    return;
  }
  if (kept?.drivenElsewhere) {
    away(owner, kept);
    return watch(owner);
  }
  owner.taken = kept?.taken ?? 0;
  const expiresAt = kept?.linkExpiresAt;
  if (expiresAt === undefined) {
    takeLatest(owner.parts, kept?.snapshot);
    return hooks[1]();
  }
  // A link is still open (a reload while it waits): the flow and its link in one view.
  owner.stance = 'offered';
  takeLatest(owner.parts, kept?.snapshot, { handoffState: { status: 'offered', expiresAt } });
  hooks[1]();
  watch(owner);
};
