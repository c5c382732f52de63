import type { QueueEvents as BullQueueEvents } from 'bullmq';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createKycQueue,
  jobIdOf,
  type KycQueue,
  type OutcomeName,
} from '../../src/adapters/queue/index.js';
import {
  type ReviewDecision,
  type Sandbox,
  type Scenario,
  startSandbox,
} from '../../src/sandbox/index.js';
import { NODE_TYPES } from '../../src/services/wire/vocabulary.js';
import { describeWithRedis, type RedisServer, startRedisServer } from '../support/real-services.js';
import {
  type FleetWorker,
  readyKey,
  type ScaleJobData,
  startWorker,
  stopWorker,
} from './support/worker-fleet.js';

/**
 * The test of record: 300 onboardings of every scenario (manual reviews decided
 * later, slow responders among them) through three worker processes against a sandbox
 * that fails 10 % of the calls, one worker SIGKILLed twice mid-run. Every flow must reach
 * its expected outcome, once: one registration and one start per customer, no effect
 * applied twice, no job lost.
 */

const FLOWS = 300;
const SPEED = 50;
const SEED = 1313;
/** A flow under review or waiting for a slow customer that is not parked by then fails the test. */
const GIVE_UP_MS = 60_000;
const QUEUE = 'scale';

/**
 * Short scenarios, so that 300 flows fit a shared 2-core machine, beside the full one (its
 * uploads, OCR and OTPs) for one flow in ten.
 */
const quick = (name: string, outcome: Scenario['outcome'], steps = ['particulars']): Scenario => ({
  name,
  steps,
  outcome,
});
const SCENARIOS: readonly Scenario[] = [
  quick('quick', 'APPROVED'),
  quick('quick-rejected', 'REJECTED'),
  quick('quick-failed', 'FAILED'),
  quick('quick-timeout', 'TIMEOUT'),
  quick('quick-cancelled', 'CANCELLED'),
  quick('quick-review', 'APPROVED', ['particulars', 'manualReview']),
];

/** One flow of the mix: who, its scenario, a slow responder or not, how it must end. */
interface Planned {
  readonly customer: { readonly customerId: string; readonly email: string };
  readonly scenario: string;
  readonly slow: boolean;
  readonly review?: ReviewDecision;
  readonly expected: OutcomeName;
}

const MIX: ReadonlyArray<Omit<Planned, 'customer'>> = [
  { scenario: 'full', slow: false, expected: 'approved' },
  { scenario: 'quick', slow: false, expected: 'approved' },
  { scenario: 'quick', slow: true, expected: 'approved' },
  { scenario: 'quick-rejected', slow: false, expected: 'rejected' },
  { scenario: 'quick-failed', slow: false, expected: 'failed' },
  { scenario: 'quick-timeout', slow: false, expected: 'timedOut' },
  { scenario: 'quick-cancelled', slow: false, expected: 'cancelled' },
  { scenario: 'quick-review', slow: false, review: 'APPROVED', expected: 'approved' },
  { scenario: 'quick-review', slow: false, review: 'REJECTED', expected: 'rejected' },
  { scenario: 'quick', slow: false, expected: 'approved' },
];

const planFlows = (): Planned[] =>
  Array.from({ length: FLOWS }, (_, index) => {
    const kind = MIX[index % MIX.length] as Omit<Planned, 'customer'>;
    const id = `scale${index}`;
    return {
      ...kind,
      customer: { customerId: `C_${id}+${kind.scenario}`, email: `${id}@example.com` },
    };
  });

describeWithRedis('300 onboardings across 3 worker processes, one SIGKILLed twice', () => {
  let redis: RedisServer;
  let sandbox: Sandbox;
  let queue: KycQueue<ScaleJobData>;
  let events: BullQueueEvents;
  let hostData: Redis;
  const workers: FleetWorker[] = [];

  beforeAll(async () => {
    [redis, sandbox] = await Promise.all([
      startRedisServer(),
      startSandbox({
        speed: SPEED,
        seed: SEED,
        scenarios: SCENARIOS,
        faults: { rate: 0.1, seed: SEED, retryAfterSeconds: 0 },
      }),
    ]);
    queue = createKycQueue({ connection: redis.url, name: QUEUE });
    events = new QueueEvents(QUEUE, { connection: { url: redis.url } });
    hostData = new Redis(redis.url);
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => stopWorker(worker, 'SIGKILL')));
    await events?.close();
    hostData?.disconnect();
    await queue?.close();
    await Promise.all([sandbox?.close(), redis?.stop()]);
  });

  const spawnWorker = async () => {
    const worker = startWorker({ redisUrl: redis.url, queue: QUEUE, sandbox, speed: SPEED });
    workers.push(worker);
    await worker.ready;
    return worker;
  };

  it('brings every flow to its expected outcome, once, with nothing lost', async () => {
    const plan = planFlows();
    await queue.enqueueMany(
      plan.map((flow) => ({ customer: flow.customer, ...(flow.slow && { data: { slow: true } }) })),
    );
    let stalled = 0;
    events.on('stalled', () => {
      stalled += 1;
    });
    const fleet = await Promise.all([spawnWorker(), spawnWorker(), spawnWorker()]);
    const parkedJobs = () => new Set(workers.flatMap((worker) => worker.parked));
    const reviewer = answerLater(sandbox, plan, hostData, parkedJobs);
    try {
      await killTwice(queue, fleet[0] as FleetWorker, spawnWorker);
      await untilFinished(queue, 80_000);
    } finally {
      reviewer.stop();
    }

    const wrong: string[] = [];
    for (const flow of plan) {
      const job = await queue.queue.getJob(jobIdOf(flow.customer));
      if (job?.returnvalue?.outcome !== flow.expected) {
        wrong.push(
          `${flow.customer.customerId}: ${job?.returnvalue?.outcome} ${job?.failedReason ?? ''}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    const counts = await queue.counts();
    expect(counts.states).toMatchObject({ completed: FLOWS, failed: 0, active: 0, delayed: 0 });
    const tally: Partial<Record<OutcomeName, number>> = {};
    for (const flow of plan) tally[flow.expected] = (tally[flow.expected] ?? 0) + 1;
    expect(counts.outcomes).toEqual(tally);

    const stats = sandbox.stats();
    expect(stats.registrations).toBe(FLOWS);
    expect(stats.starts).toBe(FLOWS);
    expect(Object.values(stats.effects).filter((count) => count !== 1)).toEqual([]);
    const calls = Object.values(stats.calls).reduce((sum, count) => sum + count, 0);
    expect(stats.faultsInjected).toBeGreaterThan(calls * 0.05);
    // The kills hit running flows, which other workers took over.
    expect(stalled).toBeGreaterThan(0);
    // Every flow under review and every slow responder's flow was parked at least once.
    const parked = parkedJobs();
    const waiting = plan.filter((flow) => flow.review !== undefined || flow.slow);
    expect(waiting.filter((flow) => !parked.has(jobIdOf(flow.customer)))).toEqual([]);
  }, 120_000);
});

/**
 * The people of the test: a reviewer who decides each manual review, and the slow flows'
 * customers who give their particulars, each once the flow has been parked (it waits for
 * them without a worker slot), or after `GIVE_UP_MS` if it never is (the test then fails).
 */
function answerLater(
  sandbox: Sandbox,
  plan: readonly Planned[],
  hostData: Redis,
  parked: () => ReadonlySet<string>,
) {
  const waiting = new Map(
    plan.filter((flow) => flow.slow || flow.review).map((flow) => [jobIdOf(flow.customer), flow]),
  );
  const began = Date.now();
  const reviews = () =>
    new Map(
      sandbox
        .stats()
        .executions.filter((execution) => execution.nodeType === NODE_TYPES.manualReview)
        .map((execution) => [execution.customerId, execution.executionId]),
    );
  const timer = setInterval(() => {
    const jobs = parked();
    const atReview = reviews();
    for (const [jobId, flow] of waiting) {
      if (!jobs.has(jobId) && Date.now() - began < GIVE_UP_MS) continue;
      const executionId = atReview.get(flow.customer.customerId);
      if (flow.slow) void hostData.set(readyKey(jobId), '1');
      else if (executionId) sandbox.admin.decideReview(executionId, flow.review ?? 'APPROVED');
      else continue;
      waiting.delete(jobId);
    }
  }, 250);
  return { stop: () => clearInterval(timer) };
}

/** SIGKILLs the first worker at a quarter of the flows done, its replacement at 55 %. */
async function killTwice(
  queue: KycQueue<ScaleJobData>,
  first: FleetWorker,
  spawnWorker: () => Promise<FleetWorker>,
) {
  let victim = first;
  for (const share of [0.25, 0.55]) {
    await until(async () => (await queue.counts()).states.completed >= FLOWS * share, 60_000);
    await stopWorker(victim, 'SIGKILL');
    victim = await spawnWorker();
  }
}

async function untilFinished(queue: KycQueue<ScaleJobData>, ms: number) {
  await until(async () => {
    const { states } = await queue.counts();
    return states.completed + states.failed >= FLOWS;
  }, ms);
}

async function until(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
}
