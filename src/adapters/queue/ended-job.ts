import type { SnapshotStore } from '../node/snapshot-store.js';
import type { KycJobResult } from './job-result.js';
import type { OutcomeName } from './outcome.js';
import type { OutcomeTally } from './outcome-tally.js';

/**
 * The outcomes a flow reaches at its end, when its job settles with a result and its
 * snapshot is deleted (`settle` in `flow-job.ts`), as a job's result tells them.
 */
const ENDINGS = new Map<OutcomeName, Omit<KycJobResult, 'outcome'>>([
  ['approved', { status: 'completed', decision: 'APPROVED' }],
  ['rejected', { status: 'completed', decision: 'REJECTED' }],
  ['decisionUnknown', { status: 'completed', decision: 'UNKNOWN' }],
  ['failed', { status: 'failed' }],
  ['timedOut', { status: 'timedOut' }],
  ['cancelled', { status: 'cancelled' }],
]);

/**
 * The result of a job whose flow already ended, if it did: its outcome recorded and its
 * snapshot deleted, by a worker that died (or froze past its lock) before BullMQ marked the
 * job completed. Run again, the flow would find no snapshot and onboard the customer afresh:
 * a second registration and start for someone already decided. The execution's id went with
 * the snapshot; the outcome stands. `undefined` for a job to run: none recorded, one a
 * retry may change (a flow stopped for attention keeps its snapshot), or a snapshot there.
 */
export async function endedBefore(
  jobId: string,
  store: SnapshotStore,
  tally: OutcomeTally,
): Promise<KycJobResult | undefined> {
  const outcome = await tally.outcomeOf(jobId);
  const ending = outcome === undefined ? undefined : ENDINGS.get(outcome);
  if (outcome === undefined || ending === undefined) return undefined;
  // A saved flow resumes, and tells its outcome itself.
  if ((await store.load(jobId)) !== undefined) return undefined;
  return { outcome, ...ending };
}
