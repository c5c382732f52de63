import type { PersistedFlow } from '../../machine/types.js';
import type { DriverLock } from './driving.js';
import { showElsewhere, takeLatest } from './kept-view.js';
import type { ProxyPost } from './proxy-post.js';
import type { ServerParts } from './server-side.js';
import type { HandoffState } from './types.js';

/** A kept flow as `flow.load` answers it to its owner. */
export interface Kept {
  readonly snapshot: PersistedFlow;
  readonly drivenElsewhere: boolean;
  readonly linkExpiresAt?: number;
  readonly steps?: readonly string[];
  /** How many times another device took the flow over. */
  readonly taken: number;
}

/** Where the owner's page stands: it drives, it offers a link (and drives), or another device drives. */
export type Stance = 'driving' | 'offered' | 'away';

/** The owner's page at work: its parts, and where it stands. */
export interface Owner {
  readonly parts: ServerParts;
  readonly post: ProxyPost;
  stance: Stance;
  /** The driving's `waiting` and `granted`, while this tab holds (or waits for) the flow. */
  hooks: Parameters<DriverLock> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The steps the other device was asked to take. */
  steps: readonly string[];
  /** The other device's snapshot last shown, as JSON. */
  shown: string | undefined;
  /** Looks in a row that found the other device past its steps. */
  pastSteps: number;
  /** `Kept.taken` as this page last knew it: more means another device had the flow meanwhile. */
  taken: number;
  /** The look under way, if any: a call the proxy refused waits for it (held-refusals.ts). */
  looking: Promise<void> | undefined;
}

export const show = (owner: Owner, handoffState?: HandoffState) =>
  owner.parts.holder.mark({ handoffState });

export const loadKept = async (owner: Owner) =>
  (await owner.post('flow.load', { key: owner.parts.key })) as Kept | null;

export const stopWatching = (owner: Owner) => {
  clearTimeout(owner.timer);
  owner.timer = undefined;
};

/** The other device drives: show its progress (the flow shown runs nothing here). */
export const away = (owner: Owner, kept: Kept) => {
  const text = JSON.stringify(kept.snapshot);
  if (owner.stance !== 'away' || text !== owner.shown) {
    showElsewhere(owner.parts, kept.snapshot, { handoffState: { status: 'away' } });
    owner.hooks?.[0]();
  }
  owner.stance = 'away';
  owner.shown = text;
  owner.steps = kept.steps ?? owner.steps;
};

/** This page drives again, from the latest kept snapshot. */
export const back = (owner: Owner, kept: Kept | null) => {
  stopWatching(owner);
  const was = owner.stance;
  owner.stance = 'driving';
  owner.shown = undefined;
  owner.pastSteps = 0;
  if (was !== 'away') return show(owner);
  takeLatest(owner.parts, kept?.snapshot, { handoffState: undefined });
  owner.hooks?.[1]();
};

/** Withdraws the open link, or takes the flow back from the other device. */
export const takeBack = async (owner: Owner) => {
  const { executionId } = owner.parts.holder.face.getView();
  if (executionId === undefined) return;
  stopWatching(owner);
  await owner.post('handoff.revoke', { executionId });
  back(owner, owner.stance === 'away' ? await loadKept(owner).catch(() => null) : null);
};
