import type { InspectionEvent, StateValue } from 'xstate';
import { activePaths } from './chart-tree.js';
import { redact } from './redact.js';

/**
 * What a kyc-flow viewer draws, one message per change of the flow's own chart: the
 * active states after each step, and each event the chart took. Plain JSON, personal
 * data redacted: safe to send to another page, a socket or a log.
 */
export type InspectorMessage =
  | {
      readonly type: 'state';
      /** Dotted paths of the active leaf states (`tracking.particulars.awaitingInput`). */
      readonly paths: readonly string[];
      /** `active`, or `done` at a final state. */
      readonly status: string;
      /** The event that led here. */
      readonly event: string;
      /** The node the execution waits on, its error and outcome, redacted. */
      readonly facts: Readonly<Record<string, unknown>>;
      readonly at: number;
    }
  | {
      readonly type: 'event';
      readonly event: string;
      /** The event's payload, redacted and cut short. */
      readonly detail: string;
      readonly at: number;
    };

const MAX_DETAIL = 160;

const detailOf = (event: { readonly type: string }): string => {
  const { type: _type, ...rest } = event as Record<string, unknown>;
  const text = JSON.stringify(redact(rest)) ?? '';
  if (text === '{}') return '';
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
};

/** The parts of the flow's snapshot a viewer shows. */
interface FlowSnapshotLike {
  readonly value?: StateValue;
  readonly status?: string;
  readonly output?: unknown;
  readonly context?: {
    readonly executionId?: string;
    readonly node?: { readonly nodeType?: string };
    readonly error?: { readonly code?: string; readonly message?: string };
  };
}

const factsOf = (snapshot: FlowSnapshotLike): Record<string, unknown> => {
  const context = snapshot.context ?? {};
  return redact({
    ...(context.executionId !== undefined && { executionId: context.executionId }),
    ...(context.node?.nodeType !== undefined && { nodeType: context.node.nodeType }),
    ...(context.error && { error: { code: context.error.code, message: context.error.message } }),
    ...(snapshot.status === 'done' && { outcome: snapshot.output }),
  });
};

/**
 * The viewer's message for one inspection event of the flow's root chart; `undefined`
 * for the rest (child actors, actor creation, microsteps).
 */
export function toInspectorMessage(event: InspectionEvent): InspectorMessage | undefined {
  if (event.actorRef.sessionId !== event.rootId) return undefined;
  const at = Date.now();
  if (event.type === '@xstate.event') {
    return { type: 'event', event: event.event.type, detail: detailOf(event.event), at };
  }
  if (event.type !== '@xstate.snapshot') return undefined;
  const snapshot = event.snapshot as FlowSnapshotLike;
  return {
    type: 'state',
    paths: activePaths(snapshot.value),
    status: snapshot.status ?? 'active',
    event: event.event.type,
    facts: factsOf(snapshot),
    at,
  };
}
