import type { AnyStateNode } from 'xstate';
import { kycFlowMachine } from '../../machine/index.js';

/** Final states of the chart: a flow there is over and carries its outcome. */
export const FINAL_STATES: ReadonlySet<string> = new Set(
  Object.entries(kycFlowMachine.root.states)
    .filter(([, node]) => node.type === 'final')
    .map(([name]) => name),
);

/** The names of the actors the chart invokes; a persisted child must be one of them. */
export const ACTOR_NAMES: ReadonlySet<string> = new Set(
  Object.keys(kycFlowMachine.implementations.actors),
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why `value` is not a complete state of the chart (the first problem, as a dotted path),
 * or `undefined` when it is one. Read from the chart itself, so a state added to it is
 * known here at once. A persisted value always names a leaf: `{ tracking: 'polling' }`.
 */
export function stateValueProblem(
  value: unknown,
  node: AnyStateNode = kycFlowMachine.root,
  path = '',
): string | undefined {
  const children = node.states;
  if (typeof value === 'string') {
    const child = children[value];
    if (!child) return `"${path}${value}" is not a state of the chart`;
    if (child.type === 'compound' || child.type === 'parallel') {
      return `"${path}${value}" is not a complete state (it has substates)`;
    }
    return undefined;
  }
  if (!isRecord(value)) return 'expected a state name or an object of them';
  const entries = Object.entries(value);
  if (node.type !== 'parallel' && entries.length !== 1) {
    return `expected one substate${path ? ` of "${path.slice(0, -1)}"` : ''}, got ${entries.length}`;
  }
  for (const [name, inner] of entries) {
    const child = children[name];
    if (!child) return `"${path}${name}" is not a state of the chart`;
    if (child.type !== 'compound' && child.type !== 'parallel') {
      return `"${path}${name}" has no substates`;
    }
    const problem = stateValueProblem(inner, child, `${path}${name}.`);
    if (problem) return problem;
  }
  return undefined;
}

/** An actor a state runs while the flow is in it: the child's id and the actor's name. */
export interface InvokedActor {
  readonly id: string;
  readonly src: string;
}

/**
 * The actors the states along `value` (a complete state of the chart) run: every one of them
 * is alive in a snapshot of that state, since the flow moves on only when one of them answers.
 */
export function invokedActors(
  value: unknown,
  node: AnyStateNode = kycFlowMachine.root,
): InvokedActor[] {
  const own = node.invoke.flatMap((invoke) =>
    typeof invoke.src === 'string' ? [{ id: invoke.id, src: invoke.src }] : [],
  );
  const inner =
    typeof value === 'string'
      ? [[value, undefined] as const]
      : isRecord(value)
        ? Object.entries(value)
        : [];
  return own.concat(
    inner.flatMap(([name, below]) => {
      const child = node.states[name];
      return child ? invokedActors(below, child) : [];
    }),
  );
}

/** The top-level state of a (checked) state value: `tracking` for `{ tracking: 'polling' }`. */
export const topState = (value: unknown): string =>
  typeof value === 'string' ? value : (Object.keys(value as object)[0] ?? '');
