import { BUNDLE_BUDGET_BYTES, type BundleReport } from './bundle.js';
import type { MemoryResult } from './memory.js';
import type { PollingComparison } from './polling.js';
import type { ScaleReport } from './scale-section.js';
import type { ThroughputComparison } from './throughput.js';

/** The budgets, each judged on this run's figures. */
export interface Target {
  readonly met: boolean;
  readonly value: number;
  readonly limit: number;
  readonly rule: string;
}

export const LIMITS = {
  /** No two status reads of one execution closer than this (kyc-flow's default floor), ms. */
  statusFloorMs: 2_000,
  /** Status requests per `full` flow, kyc-flow / naive. */
  requestsRatio: 1 / 3,
  /** Mean detection delay, kyc-flow / naive. */
  delayRatio: 1,
  /** Completed flows/s, kyc-flow / plain fetch script, the gateway 20 ms away. */
  throughputRatio: 0.97,
  bytesPerFlow: 20 * 1024,
  /** Completed flows/s, 4 worker processes / 1. */
  scaleRatio: 3,
  bundleBytes: BUNDLE_BUDGET_BYTES,
} as const;

export function pollingTarget(full: PollingComparison): Target {
  const { requestsPerFlow, meanDetectionDelay } = full.ratios;
  const closest = full.kycFlow.closestStatusReadsMs;
  return {
    met:
      requestsPerFlow <= LIMITS.requestsRatio &&
      meanDetectionDelay <= LIMITS.delayRatio &&
      closest >= LIMITS.statusFloorMs,
    value: requestsPerFlow,
    limit: LIMITS.requestsRatio,
    rule: `status requests per full flow <= 1/3 of the naive poller's (${requestsPerFlow}) with mean detection delay no worse (ratio ${meanDetectionDelay} <= 1), no two reads of one execution within the 2 s floor (closest ${closest} ms)`,
  };
}

export const throughputTarget = (result: ThroughputComparison): Target => ({
  met: result.ratio >= LIMITS.throughputRatio,
  value: result.ratio,
  limit: LIMITS.throughputRatio,
  rule: `completed full flows/s, kyc-flow / minimal fetch script, ${result.concurrency} in flight, sandbox ${result.sandbox === 'process' ? 'in its own process' : 'in the same process'} answering every call ${result.latencyMs} ms late, >= ${LIMITS.throughputRatio} (${result.ratio})`,
});

export const memoryTarget = (result: MemoryResult): Target => ({
  met: result.bytesPerFlow <= LIMITS.bytesPerFlow,
  value: result.bytesPerFlow,
  limit: LIMITS.bytesPerFlow,
  rule: 'heap bytes per waiting flow <= 20 KB',
});

export const bundleTarget = (result: BundleReport): Target => ({
  met: result.gzipBytes <= LIMITS.bundleBytes,
  value: result.gzipBytes,
  limit: LIMITS.bundleBytes,
  rule: `${result.entry}, every dependency in (xstate, ky, ours), minified, gzipped <= ${LIMITS.bundleBytes / 1024} KB`,
});

export const scaleTarget = (result: ScaleReport): Target => ({
  met: result.ratio >= LIMITS.scaleRatio,
  value: result.ratio,
  limit: LIMITS.scaleRatio,
  rule: `completed full flows/s, 4 worker processes / 1 (${result.concurrency} at once each, sandbox in its own process answering ${result.latencyMs} ms late), >= ${LIMITS.scaleRatio} (${result.ratio})`,
});
