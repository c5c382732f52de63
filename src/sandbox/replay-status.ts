import type { RecordedExchange, Recording, Shape } from './replay-format.js';

export const STATUS_METHOD = 'workflow.execution.status';

/** Status answers in a row that say the same (status, node): one state of the execution. */
interface Phase {
  readonly exchanges: readonly RecordedExchange[];
  readonly firstSeq: number;
  /** The client acted (submitted, sent a code) while the execution was in this state. */
  readonly interactive: boolean;
}

const isObject = (shape: Shape | undefined): shape is { [key: string]: Shape } =>
  typeof shape === 'object' && shape !== null && !Array.isArray(shape);

/** What a status answer says about the execution, or a key of its own for anything else. */
function stateOf(exchange: RecordedExchange): string {
  const envelope = exchange.answer;
  const inner = isObject(envelope) ? envelope.data : undefined;
  const data = isObject(inner) && isObject(inner.data) ? inner.data : inner;
  if (!isObject(data) || typeof data.status !== 'string') return `#${exchange.seq}`;
  const node = isObject(data.currentNode) ? data.currentNode : {};
  return JSON.stringify([data.status, node.nodeType ?? null, node.callbackKey ?? null]);
}

function phasesOf(
  statuses: readonly RecordedExchange[],
  others: readonly RecordedExchange[],
): Phase[] {
  const groups: RecordedExchange[][] = [];
  let last: string | undefined;
  for (const exchange of statuses) {
    const state = stateOf(exchange);
    if (state === last) groups.at(-1)?.push(exchange);
    else groups.push([exchange]);
    last = state;
  }
  return groups.map((exchanges, index) => {
    const firstSeq = exchanges[0]?.seq ?? 0;
    const nextSeq = groups[index + 1]?.[0]?.seq ?? Number.POSITIVE_INFINITY;
    const interactive = others.some(({ seq }) => seq > firstSeq && seq < nextSeq);
    return { exchanges, firstSeq, interactive };
  });
}

/**
 * The status answers of a recording, served by the execution's states rather than one by
 * one: how often the client looks while it answers a node depends on its own pace, which
 * a replay does not share. A state moves on to the next once the client has made every call
 * it had made by then in the recording; a state the client did nothing in (RUNNING, a
 * review) is also answered as many times as it was recorded, so polling paces the same.
 */
export function createStatusQueue(
  statuses: readonly RecordedExchange[],
  others: readonly RecordedExchange[],
  served: (seq: number) => boolean,
) {
  const phases = phasesOf(statuses, others);
  let index = 0;
  let answered = 0;

  const causesServed = (phase: Phase) =>
    others.every(({ seq }) => seq > phase.firstSeq || served(seq));

  const canMoveOn = (): boolean => {
    const current = phases[index];
    const next = phases[index + 1];
    if (!current || !next || answered === 0 || !causesServed(next)) return false;
    return answered >= current.exchanges.length || current.interactive;
  };

  return {
    /** The exchange that answers this status call, and whether it was already given. */
    next(): { exchange: RecordedExchange; repeated: boolean } | undefined {
      while (canMoveOn()) {
        index += 1;
        answered = 0;
      }
      const phase = phases[index];
      if (!phase) return undefined;
      const exchange = phase.exchanges[Math.min(answered, phase.exchanges.length - 1)];
      if (!exchange) return undefined;
      const repeated = answered >= phase.exchanges.length;
      answered += 1;
      return { exchange, repeated };
    },
  };
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED']);

/**
 * Whether the recording's execution reached a final status: its replay then runs to the
 * end, past any manual review (the recording holds the decision); one that stopped at a
 * review stops there again.
 */
export function recordingReachesOutcome(recording: Recording): boolean {
  const statuses = recording.exchanges.filter((exchange) => exchange.method === STATUS_METHOD);
  return statuses.some((exchange) => {
    const state = stateOf(exchange);
    return state.startsWith('[') && TERMINAL.has(String(JSON.parse(state)[0]));
  });
}
