import type { AnyStateMachine, AnyStateNode } from 'xstate';

/**
 * The chart as a Mermaid `stateDiagram-v2`: compound states nest, final states end in
 * `[*]`, transitions are labelled by event (`poll done`, `submit error [transient]`, …).
 * Pure: it reads `machine.root` only.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  const root = machine.root;
  emitChildren(root, lines, 1);
  return `${lines.join('\n')}\n`;
}

const idOf = (node: AnyStateNode) => node.path.join('_') || 'root';
const indent = (depth: number) => '  '.repeat(depth);

function emitChildren(parent: AnyStateNode, lines: string[], depth: number): void {
  const pad = indent(depth);
  const children = Object.values(parent.states) as AnyStateNode[];
  const initial = parent.config.initial;
  if (typeof initial === 'string' && parent.states[initial]) {
    lines.push(`${pad}[*] --> ${idOf(parent.states[initial] as AnyStateNode)}`);
  }
  for (const child of children) {
    const id = idOf(child);
    if (Object.keys(child.states).length > 0) {
      lines.push(`${pad}state "${child.key}" as ${id} {`);
      emitChildren(child, lines, depth + 1);
      lines.push(`${pad}}`);
    } else {
      lines.push(`${pad}state "${child.key}" as ${id}`);
    }
    if (child.type === 'final') lines.push(`${pad}${id} --> [*]`);
  }
  // Transitions are drawn in the scope of the state that owns them.
  for (const child of children) {
    for (const edge of edgesOf(child)) lines.push(`${pad}${edge}`);
  }
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

function labelOf(eventType: string, guard: unknown): string {
  const done = /^xstate\.done\.actor\.(.+)$/.exec(eventType);
  const error = /^xstate\.error\.actor\.(.+)$/.exec(eventType);
  const base = done ? `${done[1]} done` : error ? `${error[1]} error` : eventType;
  const name = guardName(guard);
  return name ? `${base} [${name}]` : base;
}

function guardName(guard: unknown): string | undefined {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: unknown };
    if (params && typeof params === 'object') {
      const detail = Object.entries(params)
        .filter(([, value]) => typeof value === 'string')
        .map(([, value]) => value)
        .join(' ');
      return detail ? `${type} ${detail}` : type;
    }
    return type;
  }
  return undefined;
}
