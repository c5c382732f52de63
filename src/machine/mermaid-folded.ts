import type { AnyStateNode } from 'xstate';
import { causeOf } from './mermaid-labels.js';

export interface FoldedEdge {
  readonly from: AnyStateNode;
  readonly to: AnyStateNode;
  readonly labels: Set<string>;
}

/** Merged transitions, by the state whose block draws them, one per pair of drawn states. */
export type FoldedEdges = Map<AnyStateNode, Map<string, FoldedEdge>>;

/** The state drawn for `node`: itself, or its ancestor at `depth`. */
const fold = (node: AnyStateNode, depth: number): AnyStateNode => {
  let drawn = node;
  while (drawn.path.length > depth && drawn.parent) drawn = drawn.parent;
  return drawn;
};

/** `node` and its ancestors, innermost first. */
const lineage = (node: AnyStateNode): AnyStateNode[] =>
  node.parent ? [node, ...lineage(node.parent)] : [node];

/**
 * Every transition of the chart between states drawn at `depth`, lifted to the states that
 * are siblings under their common ancestor (a transition from deep inside `tracking` to
 * `suspended` is drawn from `tracking`), merged per pair. Transitions inside a folded state,
 * and those of the root (CANCEL, drawn as a note), are left out; status answers route from
 * the initial state of their scope only.
 */
export function foldedEdges(root: AnyStateNode, depth: number): FoldedEdges {
  const edges: FoldedEdges = new Map();
  const visit = (node: AnyStateNode) => {
    for (const [eventType, transitions] of node.transitions) {
      if (eventType === '*') continue;
      for (const transition of transitions) {
        for (const target of (transition.target ?? []) as AnyStateNode[]) {
          add(edges, fold(node, depth), fold(target, depth), causeOf(eventType));
        }
      }
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  for (const child of Object.values(root.states) as AnyStateNode[]) visit(child);
  return edges;
}

function add(edges: FoldedEdges, source: AnyStateNode, target: AnyStateNode, label: string) {
  const targets = lineage(target);
  const sources = lineage(source);
  const scope = sources.find((node) => targets.includes(node));
  const from = sources[sources.indexOf(scope as AnyStateNode) - 1];
  let to = targets[targets.indexOf(scope as AnyStateNode) - 1];
  // Inside one drawn state, or from a state into its own substates: nothing to draw.
  if (!scope || !from || !to) return;
  const inScope = edges.get(scope) ?? new Map<string, FoldedEdge>();
  edges.set(scope, inScope);
  // A status route the initial state (`polling`, drawn first) has too is the same dispatch:
  // drawn once, from there; the other states that read the status are drawn going back to it.
  const dispatcher = scope.states[String(scope.config.initial)];
  const dispatched = dispatcher && inScope.get(`${dispatcher.id} ${to.id}`)?.labels.has(label);
  if (label === 'status' && dispatcher && from !== dispatcher && dispatched) to = dispatcher;
  const key = `${from.id} ${to.id}`;
  const edge = inScope.get(key) ?? { from, to, labels: new Set<string>() };
  inScope.set(key, edge);
  edge.labels.add(label);
}
