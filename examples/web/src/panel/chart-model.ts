import { type ChartTreeNode, chartTree } from 'kyc-flow';
import { kycFlowMachine } from 'kyc-flow/react';

/** A state of the chart as the developer panel draws it (the package's own reading). */
export type ChartState = ChartTreeNode;

/** The parts of an XState state node read here, for the transitions the tree leaves out. */
interface StateNodeLike {
  readonly states: Readonly<Record<string, StateNodeLike>>;
  readonly transitions: ReadonlyMap<
    string,
    ReadonlyArray<{
      readonly target?: ReadonlyArray<{ readonly path: readonly string[] }>;
      readonly guard?: unknown;
    }>
  >;
}

const root = kycFlowMachine.root as unknown as StateNodeLike;

/** The whole chart, read once from the machine itself. */
export const CHART: ChartState = chartTree(kycFlowMachine);

const nodeAt = (path: string): StateNodeLike | undefined =>
  path.split('.').reduce<StateNodeLike | undefined>((node, key) => node?.states[key], root);

/** `xstate.done.actor.pollExecution` → `pollExecution done`. */
const eventName = (type: string) =>
  type.replace(
    /^xstate\.(done|error)\.actor\.(.+)$/,
    (_, kind: string, actor: string) => `${actor} ${kind === 'done' ? 'done' : 'error'}`,
  );

const guardName = (guard: unknown): string =>
  typeof guard === 'string'
    ? guard
    : guard && typeof guard === 'object' && 'type' in guard
      ? String(guard.type)
      : '';

/** Ways out of the active state on one event: where it may lead, by guard. */
export interface ChartEdge {
  readonly event: string;
  /** Targets as paths below `tracking` where they are in it; `(stays)` for none. */
  readonly targets: readonly string[];
}

const short = (path: string) => path.replace(/^tracking\./, '');

/**
 * The transitions that can leave `state` now (its own and its ancestors', innermost
 * first), one line per event: a poll's answer may lead to a dozen places.
 */
export function edgesFrom(state: string): readonly ChartEdge[] {
  const byEvent = new Map<string, string[]>();
  for (const { event, guard, target } of transitionsFrom(state)) {
    const targets = byEvent.get(event) ?? [];
    const shown = `${short(target)}${guard ? ` [${guard}]` : ''}`;
    if (!targets.includes(shown)) targets.push(shown);
    byEvent.set(event, targets);
  }
  return [...byEvent].map(([event, targets]) => ({ event, targets }));
}

function transitionsFrom(state: string) {
  const edges: { event: string; guard: string; target: string }[] = [];
  const parts = state.split('.');
  for (let depth = parts.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? root : nodeAt(parts.slice(0, depth).join('.'));
    for (const [type, transitions] of node?.transitions ?? []) {
      if (type === '*') continue;
      for (const transition of transitions) {
        const target = transition.target?.[0]?.path.join('.') ?? '(stays)';
        edges.push({ event: eventName(type), guard: guardName(transition.guard), target });
      }
    }
  }
  return edges;
}
