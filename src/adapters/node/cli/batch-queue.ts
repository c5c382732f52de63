import type { KycQueue } from '../../queue/kyc-queue.js';
import type { BatchEntry } from './batch-file.js';
import { distinctFlows } from './batch-local.js';
import type { createBatchReport } from './batch-report.js';

export interface QueueBatchSettings {
  readonly redis: string;
  readonly queue?: string;
  readonly wait: boolean;
  readonly signal: AbortSignal;
}

const POLL_MS = 500;

/**
 * A batch through Redis: every customer enqueued (its files carried in Redis with the job),
 * then, with `wait`, followed until each flow has its outcome, whichever worker runs it.
 * Resolves to the number of flows enqueued.
 */
export async function runQueueBatch(
  entries: readonly BatchEntry[],
  settings: QueueBatchSettings,
  report: ReturnType<typeof createBatchReport>,
): Promise<number> {
  // Loaded only here: `kyc-flow batch` without --redis needs neither BullMQ nor ioredis.
  const { createKycQueue } = await import('../../queue/kyc-queue.js');
  const queue = createKycQueue({
    connection: settings.redis,
    ...(settings.queue && { name: settings.queue }),
  });
  try {
    const flows = distinctFlows(entries);
    const added = await queue.enqueueMany(
      flows.map((entry) => ({ customer: entry.profile.customer, profile: entry.profile })),
    );
    if (settings.wait) await follow(queue, flows, added, settings.signal, report);
    return flows.length;
  } finally {
    await queue.close();
  }
}

async function follow(
  queue: KycQueue,
  flows: readonly BatchEntry[],
  added: ReadonlyArray<{ readonly jobId: string }>,
  signal: AbortSignal,
  report: ReturnType<typeof createBatchReport>,
) {
  const pending = new Map(flows.map((entry, index) => [added[index]?.jobId ?? '', entry]));
  while (pending.size > 0) {
    signal.throwIfAborted();
    for (const [jobId, entry] of pending) {
      const outcome = await queue.outcomeOf(jobId);
      if (outcome === undefined) continue;
      pending.delete(jobId);
      report.flow({ line: entry.line, jobId, outcome });
    }
    const { states } = await queue.counts();
    report.progress({ running: states.active, parked: states.delayed });
    if (pending.size > 0) await new Promise((done) => setTimeout(done, POLL_MS));
  }
}
