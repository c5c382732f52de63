import { createGatewayClient } from '../../../services/client.js';
import { jobIdOf } from '../../queue/flow-key.js';
import { outcomeOf } from '../../queue/outcome.js';
import { createProfileResponder } from '../profile-responder.js';
import { runHeadless } from '../run-headless.js';
import type { BatchEntry } from './batch-file.js';
import type { createBatchReport } from './batch-report.js';
import type { GatewaySettings } from './gateway-options.js';

export interface LocalBatchSettings {
  readonly gateway: GatewaySettings;
  readonly concurrency: number;
  /** Divides the polling policy (a sped-up sandbox only). */
  readonly speed: number;
  readonly maxSuspendedMs: number;
  readonly signal: AbortSignal;
}

/**
 * A batch in this process: `concurrency` onboardings at a time, each answered from its
 * profile; a customer listed twice (the same flow key) runs once, as through a queue. A
 * review is not waited for here: that flow ends `pendingReview`.
 */
export async function runLocalBatch(
  entries: readonly BatchEntry[],
  settings: LocalBatchSettings,
  report: ReturnType<typeof createBatchReport>,
): Promise<void> {
  const client = createGatewayClient(settings.gateway);
  const pending = [...distinctFlows(entries)];
  let running = 0;
  const one = async (entry: BatchEntry) => {
    const { profile } = entry;
    const result = await runHeadless({
      client,
      customer: profile.customer,
      responder: createProfileResponder(profile, { upload: client.upload }),
      polling: { timeScale: settings.speed },
      maxSuspendedMs: settings.maxSuspendedMs,
      signal: settings.signal,
    });
    report.flow({ line: entry.line, jobId: jobIdOf(profile.customer), outcome: outcomeOf(result) });
  };
  const lane = async () => {
    for (let entry = pending.shift(); entry; entry = pending.shift()) {
      running += 1;
      report.progress({ running, parked: 0 });
      try {
        await one(entry);
      } finally {
        running -= 1;
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, lane));
}

/** The first entry of each flow key. */
export function distinctFlows(entries: readonly BatchEntry[]): BatchEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const jobId = jobIdOf(entry.profile.customer);
    if (seen.has(jobId)) return false;
    seen.add(jobId);
    return true;
  });
}
