import type { FlowCall } from './flow-call.js';

/** Tries a change a few times against concurrent ones before giving up. */
const ATTEMPTS = 4;

const parse = (raw: string | undefined): string[] => {
  try {
    const value: unknown = raw === undefined ? [] : JSON.parse(raw);
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * Whether the caller may keep the flow of `execution` (a digest), one not kept yet: within
 * `quotas.keptFlowsPerCaller`, counting the flows it still keeps (one forgotten, or
 * collected, frees its place). Without it, a few accounts, each within its other quotas,
 * could fill the store and lock every other customer out of kept flows and handoffs.
 * Recorded under `keeps:<caller>`, changed atomically like a handoff.
 */
export const admitKeeping = async (
  call: FlowCall,
  execution: string,
): Promise<'admitted' | 'quota' | 'full'> => {
  const { keeping, caller, context } = call;
  const key = `keeps:${caller.owner}` as const;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const raw = await keeping.store.read(key);
    const listed = parse(raw);
    if (listed.includes(execution)) return 'admitted';
    const kept: string[] = [];
    for (const other of listed) {
      if ((await keeping.store.read(`flow:${other}`)) !== undefined) kept.push(other);
    }
    if (kept.length >= context.quotas.keptFlowsPerCaller) return 'quota';
    const next = JSON.stringify([...kept, execution]);
    const written = await keeping.store.write(key, next, keeping.keepMs, raw ?? null);
    if (written === 'written') return 'admitted';
    if (written === 'full') return 'full';
  }
  return 'full';
};
