import type { StateValue } from 'xstate';

/** A state of the chart as a viewer draws it: plain JSON, read from the machine itself. */
export interface ChartTreeNode {
  /** Dotted path from the root, `''` for the root itself. */
  readonly path: string;
  readonly key: string;
  readonly final: boolean;
  /** The initial child of its parent. */
  readonly initial: boolean;
  readonly children: readonly ChartTreeNode[];
}

/** The parts of an XState state node read here. */
interface StateNodeLike {
  readonly key: string;
  readonly type: string;
  readonly config: { readonly initial?: unknown };
  readonly states: Readonly<Record<string, StateNodeLike>>;
}

const build = (node: StateNodeLike, path: string, initial: boolean): ChartTreeNode => ({
  path,
  key: node.key,
  final: node.type === 'final',
  initial,
  children: Object.values(node.states).map((child) =>
    build(child, path ? `${path}.${child.key}` : child.key, node.config.initial === child.key),
  ),
});

/** A machine's states as a tree: `chartTree(kycFlowMachine)`. */
export function chartTree(machine: { readonly root: unknown }): ChartTreeNode {
  return build(machine.root as StateNodeLike, '', false);
}

/**
 * The dotted paths of the active leaf states in a snapshot's `value`
 * (`{ tracking: { particulars: 'awaitingInput' } }` → `['tracking.particulars.awaitingInput']`);
 * more than one only in parallel regions.
 */
export function activePaths(value: StateValue | undefined, prefix = ''): string[] {
  if (value === undefined) return [];
  const join = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (typeof value === 'string') return [join(value)];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)
      ? [join(key)]
      : activePaths(child, join(key)),
  );
}
