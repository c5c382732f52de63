import { untilAborted } from '../../../services/attempt-fetch.js';
import type { KycQueue } from '../../queue/kyc-queue.js';
import type { BatchEntry } from './batch-file.js';
import { type BatchEnd, jobEndOf } from './batch-job-end.js';
import { distinctFlows } from './batch-local.js';
import type { createBatchReport } from './batch-report.js';
import { printable } from './printable.js';
import { reachRedis, redisAddress } from './redis-reach.js';

export interface QueueBatchSettings {
  readonly redis: string;
  readonly queue?: string;
  readonly wait: boolean;
  readonly signal: AbortSignal;
}

const POLL_MS = 500;
/** How often the jobs still without an outcome are looked up in BullMQ (failed, removed). */
const STATE_EVERY_MS = 2_000;
/** Commands sent at once (ioredis pipelines them): one round trip per this many flows. */
const CHUNK = 500;
/** How long closing may wait for a Redis that went away before the connection is dropped. */
const CLOSE_MS = 1_000;

/**
 * A batch through Redis: a bounded first contact (an unreachable address fails within
 * seconds), every customer enqueued (its files carried in Redis with the job), then, with
 * `wait`, followed until each flow has ended, however it ended: its outcome, a failure by
 * BullMQ's own hand, or a job gone. The signal stops it at any point. Resolves to the number
 * of flows enqueued.
 */
export async function runQueueBatch(
  entries: readonly BatchEntry[],
  settings: QueueBatchSettings,
  report: ReturnType<typeof createBatchReport>,
): Promise<number> {
  const { signal } = settings;
  await reachRedis(settings.redis, signal);
  // Loaded only here: `kyc-flow batch` without --redis needs neither BullMQ nor ioredis.
  const { createKycQueue } = await import('../../queue/kyc-queue.js');
  const away = redisAway(settings.redis);
  const queue = createKycQueue({
    connection: settings.redis,
    ...(settings.queue && { name: settings.queue }),
    onError: away.heard,
  });
  try {
    const flows = distinctFlows(entries);
    const added = await untilAborted(
      queue.enqueueMany(
        flows.map((entry) => ({ customer: entry.profile.customer, profile: entry.profile })),
      ),
      signal,
    );
    if (settings.wait) await follow(queue, flows, added, signal, report, away.back);
    return flows.length;
  } finally {
    await close(queue);
  }
}

/** Says once that Redis went away (ioredis retries in the background), and when it is back. */
function redisAway(url: string) {
  let said = false;
  return {
    heard(error: Error) {
      if (said) return;
      said = true;
      process.stderr.write(
        `kyc-flow batch: lost the Redis at ${redisAddress(url)} (${printable(error.message)}); waiting for it\n`,
      );
    },
    back() {
      said = false;
    },
  };
}

/** Closes the queue; a Redis that went away gets its connection dropped instead of awaited. */
async function close(queue: KycQueue): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => {
    timer = setTimeout(() => done('late'), CLOSE_MS);
  });
  const closed = queue.close().then(
    () => 'closed' as const,
    () => 'late' as const,
  );
  const how = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (how === 'closed') return;
  const { Redis } = await import('../../queue/peers.js');
  const { connection } = queue.queue.opts;
  if (connection instanceof Redis) connection.disconnect();
  await queue.queue.disconnect().catch(() => undefined);
}

const sleep = (ms: number, signal: AbortSignal) =>
  untilAborted(new Promise((done) => setTimeout(done, ms)), signal);

async function follow(
  queue: KycQueue,
  flows: readonly BatchEntry[],
  added: ReadonlyArray<{ readonly jobId: string }>,
  signal: AbortSignal,
  report: ReturnType<typeof createBatchReport>,
  answered: () => void,
) {
  const pending = new Map(flows.map((entry, index) => [added[index]?.jobId ?? '', entry]));
  const done = (jobId: string, end: BatchEnd) => {
    const entry = pending.get(jobId);
    if (!entry) return;
    pending.delete(jobId);
    report.flow({ line: entry.line, jobId, ...end });
  };
  let statesAt = Date.now();
  while (pending.size > 0) {
    const ids = [...pending.keys()];
    const outcomes = await untilAborted(
      inChunks(ids, (id) => queue.outcomeOf(id)),
      signal,
    );
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome !== undefined) done(ids[index] ?? '', { outcome });
    }
    if (pending.size > 0 && Date.now() - statesAt >= STATE_EVERY_MS) {
      statesAt = Date.now();
      const rest = [...pending.keys()];
      const ends = await untilAborted(
        inChunks(rest, (id) => jobEndOf(queue, id)),
        signal,
      );
      for (const [index, end] of ends.entries()) if (end) done(rest[index] ?? '', end);
    }
    const { states } = await untilAborted(queue.counts(), signal);
    answered();
    report.progress({ running: states.active, parked: states.delayed });
    if (pending.size > 0) await sleep(POLL_MS, signal);
  }
}

/** `look` over every id, `CHUNK` at a time (ioredis sends each chunk in one write). */
async function inChunks<T>(ids: readonly string[], look: (id: string) => Promise<T>) {
  const found: T[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    found.push(...(await Promise.all(ids.slice(start, start + CHUNK).map(look))));
  }
  return found;
}
