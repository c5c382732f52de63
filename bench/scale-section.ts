import { processHost } from './sandbox-host.js';
import { measureScale, type ScaleRow } from './scale.js';
import { REALISTIC_LATENCY_MS } from './throughput-section.js';

export interface ScaleReport {
  readonly rows: readonly ScaleRow[];
  readonly concurrency: number;
  readonly latencyMs: number;
  readonly rounds: number;
  /** Flows/s with the most workers over flows/s with one, each its median round. */
  readonly ratio: number;
  readonly note: string;
}

export const SCALE_WORKERS = [1, 2, 4] as const;

/**
 * `kyc-flow/queue` scaling out: the same full flows through 1, 2 and 4 worker processes on
 * one Redis, the sandbox in a process of its own answering every call 20 ms late.
 */
export async function measureScaleSection(settings: {
  readonly flows: number;
  readonly rounds: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly onProgress?: (line: string) => void;
}): Promise<ScaleReport> {
  const host = await processHost();
  try {
    const rows = await measureScale(host, {
      ...settings,
      workerCounts: SCALE_WORKERS,
      latencyMs: REALISTIC_LATENCY_MS,
    });
    const first = rows[0]?.flowsPerSecond ?? 0;
    const last = rows.at(-1)?.flowsPerSecond ?? 0;
    return {
      rows,
      rounds: settings.rounds,
      concurrency: settings.concurrency,
      latencyMs: REALISTIC_LATENCY_MS,
      ratio: first > 0 ? Math.round((last / first) * 100) / 100 : 0,
      note: "every process (workers, Redis, sandbox, the bench) shares this machine's cores",
    };
  } finally {
    await host.dispose();
  }
}
