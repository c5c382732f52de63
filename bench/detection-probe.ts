import type { SandboxStats } from '../src/sandbox/index.js';

/** One node seen WAITING for the first time by a client. */
export interface Detection {
  readonly executionId: string;
  readonly nodeType: string;
  /** From the node becoming WAITING on the sandbox to the request that read it (real ms). */
  readonly delayMs: number;
}

export interface DetectionProbe {
  /** A `fetch` that watches status answers on their way to the client. */
  readonly fetch: typeof globalThis.fetch;
  readonly detections: Detection[];
}

/** Sub-millisecond wall clock on the same epoch as `Date.now()`. */
export const wallClock = () => performance.timeOrigin + performance.now();

interface StatusData {
  readonly executionId?: string;
  readonly status?: string;
  readonly currentNode?: { readonly nodeType?: string; readonly callbackKey?: string } | null;
}

/**
 * Wraps `fetch` so that the first status answer showing a node WAITING is timed against the
 * instant the sandbox armed it (`stats().executions[].waitingSince`, read in-process while the
 * node still waits: the client has not seen the answer yet, so it cannot have submitted).
 * The request's send time stands for its arrival: on loopback they differ by well under 1 ms.
 */
export function createDetectionProbe(
  stats: () => SandboxStats,
  base: typeof globalThis.fetch = globalThis.fetch,
): DetectionProbe {
  const detections: Detection[] = [];
  const seen = new Set<string>();

  const probeFetch: typeof globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const sentAt = wallClock();
    const response = await base(input, init);
    if (!url.includes('api=workflow.execution.status')) return response;
    const envelope = (await response.clone().json()) as { data?: StatusData | null };
    const data = envelope.data;
    const node = data?.currentNode;
    if (data?.status !== 'WAITING' || !node?.callbackKey || !data.executionId) return response;
    const key = `${data.executionId}|${node.callbackKey}`;
    if (seen.has(key)) return response;
    seen.add(key);
    const execution = stats().executions.find((entry) => entry.executionId === data.executionId);
    if (execution?.waitingSince !== undefined && execution.nodeType === node.nodeType) {
      detections.push({
        executionId: data.executionId,
        nodeType: node.nodeType ?? '?',
        delayMs: Math.max(0, sentAt - execution.waitingSince),
      });
    }
    return response;
  };
  return { fetch: probeFetch, detections };
}
