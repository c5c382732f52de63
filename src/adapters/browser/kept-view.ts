import type { PersistedFlow } from '../../machine/types.js';
import type { ServerParts } from './server-side.js';

/** The flow over a snapshot, or `undefined` when this chart cannot read it. */
const open = ({ build }: ServerParts, snapshot: PersistedFlow) => {
  try {
    return build(snapshot);
  } catch {
    return undefined;
  }
};

/** Shows where another device has the flow (or where this one stopped), without running it. */
export const showElsewhere = (parts: ServerParts, snapshot?: PersistedFlow) => {
  const { holder } = parts;
  const shown = open(parts, snapshot ?? holder.face.persist());
  if (shown) holder.replace(shown, { drivenElsewhere: true });
  else holder.mark({ drivenElsewhere: true });
};

/** Puts the latest kept snapshot in place, for this page to drive. */
export const takeLatest = (parts: ServerParts, snapshot?: PersistedFlow) => {
  const { holder } = parts;
  const latest = snapshot && open(parts, snapshot);
  if (latest) holder.replace(latest, { drivenElsewhere: undefined });
  else holder.mark({ drivenElsewhere: undefined });
};
