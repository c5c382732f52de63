import type { PersistedFlow } from '../../machine/types.js';
import type { ViewOverlay } from './flow-holder.js';
import type { ServerParts } from './server-side.js';

/** The flow over a snapshot, or `undefined` when this chart cannot read it. */
const open = ({ build }: ServerParts, snapshot: PersistedFlow) => {
  try {
    return build(snapshot);
  } catch {
    return undefined;
  }
};

/**
 * Shows where another device has the flow (or where this one stopped), without running it.
 * `changes` to the overlay come in the same view, so no view in between mixes old and new.
 */
export const showElsewhere = (
  parts: ServerParts,
  snapshot?: PersistedFlow,
  changes: ViewOverlay = {},
) => {
  const { holder } = parts;
  const shown = open(parts, snapshot ?? holder.face.persist());
  const overlay = { drivenElsewhere: true as const, ...changes };
  if (shown) holder.replace(shown, overlay);
  else holder.mark(overlay);
};

/** Puts the latest kept snapshot in place, for this page to drive (with `changes`, as above). */
export const takeLatest = (
  parts: ServerParts,
  snapshot?: PersistedFlow,
  changes: ViewOverlay = {},
) => {
  const { holder } = parts;
  const latest = snapshot && open(parts, snapshot);
  const overlay = { drivenElsewhere: undefined, ...changes };
  if (latest) holder.replace(latest, overlay);
  else holder.mark(overlay);
};
