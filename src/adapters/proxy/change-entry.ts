import type { FlowKeeping } from './flow-keeping.js';
import type { FlowsKey } from './flows-types.js';

/** Tries a change a few times against concurrent ones before giving up. */
const ATTEMPTS = 4;

/**
 * How a change ended: `written`; `declined` (`change` left it); `full` (the store had no
 * room: the caller says so, 503, never a refusal that blames the caller); `contended` (the
 * entry kept changing under it, attempt after attempt).
 */
export type EntryChange = 'written' | 'declined' | 'full' | 'contended';

/**
 * Changes one flows-store entry atomically: `change` sees its value as it is (`undefined`
 * when there is none) and answers the next one, or `undefined` to leave it; the write
 * expects the value `change` saw, so two instances (or two devices) cannot both win.
 */
export const changeEntry = async (
  keeping: FlowKeeping,
  key: FlowsKey,
  change: (raw: string | undefined) => Promise<string | undefined> | string | undefined,
): Promise<EntryChange> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const raw = await keeping.store.read(key);
    const next = await change(raw);
    if (next === undefined) return 'declined';
    const written = await keeping.store.write(key, next, keeping.keepMs, raw ?? null);
    if (written !== 'changed') return written;
  }
  return 'contended';
};
