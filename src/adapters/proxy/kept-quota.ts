import { changeEntry } from './change-entry.js';
import type { FlowCall } from './flow-call.js';

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
  let verdict: 'admitted' | 'quota' = 'admitted';
  const outcome = await changeEntry(keeping, `keeps:${caller.owner}`, async (raw) => {
    verdict = 'admitted';
    const listed = parse(raw);
    if (listed.includes(execution)) return undefined;
    const kept: string[] = [];
    for (const other of listed) {
      if ((await keeping.store.read(`flow:${other}`)) !== undefined) kept.push(other);
    }
    if (kept.length < context.quotas.keptFlowsPerCaller)
      return JSON.stringify([...kept, execution]);
    verdict = 'quota';
    return undefined;
  });
  // No room, or a list that kept changing under it: busy, never a refusal of the caller.
  return outcome === 'full' || outcome === 'contended' ? 'full' : verdict;
};
