import { changeEntry } from './change-entry.js';
import type { FlowKeeping } from './flow-keeping.js';

/**
 * An execution's handoff, kept under `handoff:<execution digest>`: the one link open for
 * it (a newer link replaces it), and the device that took it over and drives it while its
 * lease runs. No id, token or personal data: digests and times.
 */
export interface HandoffState {
  /** The digest of the open link's token. */
  readonly link?: string;
  readonly linkUntil?: number;
  /** The digest of the caller (device) that redeemed the link. */
  readonly driver?: string;
  readonly leaseUntil?: number;
  /** The steps the other device was asked to take (the page's own names). */
  readonly steps?: readonly string[];
  /** How many times another device took the flow over (its owner's page learns of a quick return). */
  readonly taken?: number;
}

const parse = (raw: string | undefined): HandoffState => {
  if (raw === undefined) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as HandoffState) : {};
  } catch {
    return {};
  }
};

export const readHandoff = async (keeping: FlowKeeping, execution: string) =>
  parse(await keeping.store.read(`handoff:${execution}`));

/** The device that drives the execution now (its lease runs), if another than its owner. */
export const driverOf = (keeping: FlowKeeping, state: HandoffState): string | undefined =>
  state.driver !== undefined && (state.leaseUntil ?? 0) > keeping.now() ? state.driver : undefined;

/** The link that can still be redeemed, if any. */
export const openLinkOf = (keeping: FlowKeeping, state: HandoffState): string | undefined =>
  state.link !== undefined && (state.linkUntil ?? 0) > keeping.now() ? state.link : undefined;

/**
 * Changes an execution's handoff atomically (`changeEntry`): `change` sees the state as it
 * is and answers the next one, or `undefined` to leave it. Answers the state written,
 * `'full'` when the store had no room, or `undefined` when `change` declined or the store
 * kept changing under it.
 */
export const changeHandoff = async (
  keeping: FlowKeeping,
  execution: string,
  change: (state: HandoffState) => HandoffState | undefined,
): Promise<HandoffState | 'full' | undefined> => {
  let next: HandoffState | undefined;
  const outcome = await changeEntry(keeping, `handoff:${execution}`, (raw) => {
    next = change(parse(raw));
    return next && JSON.stringify(next);
  });
  if (outcome === 'full') return 'full';
  return outcome === 'written' ? next : undefined;
};
