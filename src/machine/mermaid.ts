import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { type FoldedEdges, foldedEdges } from './mermaid-folded.js';
import { labelOf } from './mermaid-labels.js';

/** The lifecycle and the node states: the chart at the level a reader needs (the README). */
export const OVERVIEW_DEPTH = 2;

export interface MermaidOptions {
  /**
   * Draw states down to this depth (1: the top-level states). A deeper state folds into its
   * ancestor there, and its transitions merge into one per pair of drawn states, labelled by
   * what causes them, without guards. Default: every state and every transition.
   */
  readonly depth?: number;
}

/**
 * The chart as a Mermaid `stateDiagram-v2`: compound states nest, final states end in
 * `[*]`, transitions are labelled by event (`poll done`, `submit error [transient]`, …).
 * Pure: it reads `machine.root` only.
 */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  const lines = ['stateDiagram-v2'];
  const folded = Number.isFinite(depth) ? foldedEdges(machine.root, depth) : undefined;
  emitChildren(machine.root, lines, { depth, folded }, 1);
  return `${lines.join('\n')}\n`;
}

interface Drawing {
  readonly depth: number;
  /** The merged transitions, by the state whose block draws them; none: draw them all. */
  readonly folded: FoldedEdges | undefined;
}

const idOf = (node: AnyStateNode) => node.path.join('_') || 'root';
const indent = (level: number) => '  '.repeat(level);

function emitChildren(parent: AnyStateNode, lines: string[], drawing: Drawing, level: number) {
  const pad = indent(level);
  const children = Object.values(parent.states) as AnyStateNode[];
  const initial = parent.config.initial;
  if (typeof initial === 'string' && parent.states[initial]) {
    lines.push(`${pad}[*] --> ${idOf(parent.states[initial] as AnyStateNode)}`);
  }
  for (const child of children) {
    const id = idOf(child);
    if (Object.keys(child.states).length > 0 && child.path.length < drawing.depth) {
      lines.push(`${pad}state "${child.key}" as ${id} {`);
      emitChildren(child, lines, drawing, level + 1);
      lines.push(`${pad}}`);
    } else {
      lines.push(`${pad}state "${child.key}" as ${id}`);
    }
    if (child.type === 'final') lines.push(`${pad}${id} --> [*]`);
  }
  // Transitions are drawn in the scope of the state that owns them.
  const edges = drawing.folded
    ? [...(drawing.folded.get(parent)?.values() ?? [])].map(
        ({ from, to, labels }) => `${idOf(from)} --> ${idOf(to)} : ${[...labels].join(', ')}`,
      )
    : children.flatMap(edgesOf);
  for (const edge of edges) lines.push(`${pad}${edge}`);
  if (parent === parent.machine.root) {
    for (const edge of edgesOf(parent)) lines.push(`${pad}${edge}`);
  }
}

function edgesOf(source: AnyStateNode): string[] {
  const edges = new Set<string>();
  const isRoot = source === source.machine.root;
  for (const [eventType, transitions] of source.transitions) {
    if (eventType === '*') continue;
    for (const transition of transitions) {
      const label = labelOf(eventType, transition.guard);
      for (const target of (transition.target ?? []) as AnyStateNode[]) {
        // A root-level event (CANCEL) leaves any state: a note says so.
        edges.add(
          isRoot
            ? `note left of ${idOf(target)} : ${label} from any state`
            : `${idOf(source)} --> ${idOf(target)} : ${label}`,
        );
      }
    }
  }
  return [...edges];
}
