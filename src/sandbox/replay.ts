import type { RecordedExchange, Recording } from './replay-format.js';
import { createStandIns } from './replay-stand-ins.js';
import { createStatusQueue, STATUS_METHOD } from './replay-status.js';

/** What the sandbox does with one call while it replays a recording. */
export type ReplayTurn =
  | {
      readonly kind: 'answer';
      readonly status: number;
      /** JSON text, or filler standing for a body that was not JSON. */
      readonly body: string;
      readonly retryAfter?: string;
      readonly delayMs: number;
    }
  /** The recorded exchange got no answer (network failure, timeout): close the connection. */
  | { readonly kind: 'drop'; readonly delayMs: number }
  /** The recording has no call of this method. */
  | { readonly kind: 'unrecorded' };

export interface ReplaySummary {
  /** Recorded gateway exchanges answered so far (uploads go to the sandbox's own storage). */
  readonly served: number;
  readonly recorded: number;
  /** Calls answered with an answer already given (past the end, a longer wait). */
  readonly repeated: Readonly<Record<string, number>>;
  /** Calls of methods the recording never saw. */
  readonly unrecorded: Readonly<Record<string, number>>;
}

export interface ReplayPlayer {
  /** The turn for this call; `request` is its parsed JSON body. */
  next(method: string, request: unknown): ReplayTurn;
  summary(): ReplaySummary;
}

/**
 * Plays a recording back: each method's recorded exchanges are answered in order (status
 * answers by the execution's states, see `replay-status.ts`), each after its recorded
 * duration divided by `speed`. Past the end of a method's exchanges, its last answer is
 * given again (the idempotent answer of a repeated submission).
 */
export function createReplayPlayer(recording: Recording, speed = 1): ReplayPlayer {
  const gateway = recording.exchanges.filter((exchange) => exchange.method !== 'storage.upload');
  const queues = new Map<string, RecordedExchange[]>();
  for (const exchange of gateway) {
    queues.set(exchange.method, [...(queues.get(exchange.method) ?? []), exchange]);
  }
  const servedSeqs = new Set<number>();
  const status = createStatusQueue(
    queues.get(STATUS_METHOD) ?? [],
    gateway.filter((exchange) => exchange.method !== STATUS_METHOD),
    (seq) => servedSeqs.has(seq),
  );
  const played = new Map<string, number>();
  const repeated: Record<string, number> = {};
  const unrecorded: Record<string, number> = {};
  const standIns = createStandIns();

  /** The recorded exchange for this call, in its method's order. */
  function pick(method: string): { exchange: RecordedExchange; repeated: boolean } | undefined {
    if (method === STATUS_METHOD) return status.next();
    const queue = queues.get(method);
    if (!queue) return undefined;
    const index = played.get(method) ?? 0;
    played.set(method, index + 1);
    const exchange = queue[index];
    if (exchange) return { exchange, repeated: false };
    const answered = queue.findLast((recorded) => recorded.answer !== undefined);
    return { exchange: answered ?? (queue.at(-1) as RecordedExchange), repeated: true };
  }

  function turnOf(exchange: RecordedExchange, request: unknown): ReplayTurn {
    const delayMs = exchange.ms / speed;
    standIns.learn(exchange.request, request);
    if (exchange.failure !== undefined || exchange.status === undefined) {
      return { kind: 'drop', delayMs };
    }
    const body =
      exchange.answer === undefined
        ? 'x'.repeat(Number(exchange.body?.match(/\d+/)?.[0] ?? 1))
        : JSON.stringify(standIns.answer(exchange.answer, request));
    return {
      kind: 'answer',
      status: exchange.status,
      body,
      ...(exchange.retryAfter !== undefined && { retryAfter: exchange.retryAfter }),
      delayMs,
    };
  }

  return {
    next(method, request) {
      const picked = pick(method);
      if (!picked) {
        unrecorded[method] = (unrecorded[method] ?? 0) + 1;
        return { kind: 'unrecorded' };
      }
      if (picked.repeated) repeated[method] = (repeated[method] ?? 0) + 1;
      servedSeqs.add(picked.exchange.seq);
      return turnOf(picked.exchange, request);
    },
    summary: () => ({
      served: servedSeqs.size,
      recorded: gateway.length,
      repeated: { ...repeated },
      unrecorded: { ...unrecorded },
    }),
  };
}
