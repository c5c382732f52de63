import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, createActor } from 'xstate';
import {
  activePaths,
  type ChartTreeNode,
  chartTree,
  kycFlowMachine,
  resolvePollingOptions,
} from '../../src/index.js';

/** Every node of a tree, depth first. */
const nodesOf = (node: ChartTreeNode): ChartTreeNode[] => [
  node,
  ...node.children.flatMap((child) => nodesOf(child)),
];

/** XState's own index of a machine's states (`machine.id` + dotted path), the tree aside. */
const statesByXState = (machine: AnyStateMachine) =>
  [...(machine as unknown as { idMap: Map<string, { type: string }> }).idMap].map(([id, node]) => ({
    path: id.slice(machine.id.length + 1),
    final: node.type === 'final',
  }));

describe('chartTree', () => {
  const tree = chartTree(kycFlowMachine);
  const nodes = nodesOf(tree);

  it('holds every state of the chart once, by the dotted path XState knows it by', () => {
    const paths = nodes.map((node) => node.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect([...paths].sort()).toEqual(
      statesByXState(kycFlowMachine)
        .map((s) => s.path)
        .sort(),
    );
    expect(nodes.find((node) => node.path === 'tracking.particulars')?.key).toBe('particulars');
  });

  it('marks the final states (the outcomes) and one initial child of each compound state', () => {
    expect(
      nodes
        .filter((node) => node.final)
        .map((node) => node.path)
        .sort(),
    ).toEqual(['cancelled', 'completed', 'failed', 'timedOut']);
    for (const node of nodes.filter((each) => each.children.length > 0)) {
      expect(
        node.children.filter((child) => child.initial),
        node.path,
      ).toHaveLength(1);
    }
    expect(tree.children.find((child) => child.initial)?.key).toBe('idle');
  });

  it('is plain JSON a viewer can be sent', () => {
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
  });
});

describe('activePaths', () => {
  it("names a snapshot's active leaf states as paths of the tree", () => {
    const actor = createActor(kycFlowMachine, {
      input: {
        customer: { email: 'jane@example.com', referenceId: 'ref-1' },
        polling: resolvePollingOptions({}),
      },
    });
    const paths = nodesOf(chartTree(kycFlowMachine)).map((node) => node.path);
    const active = activePaths(actor.getSnapshot().value);
    expect(active).toEqual(['idle']);
    for (const path of active) expect(paths).toContain(path);
  });

  it('reads nested and parallel values, and a region with no child state as its own leaf', () => {
    expect(activePaths({ tracking: { particulars: 'awaitingInput' } })).toEqual([
      'tracking.particulars.awaitingInput',
    ]);
    expect(activePaths({ a: 'x', b: { c: 'y' }, d: {} })).toEqual(['a.x', 'b.c.y', 'd']);
    expect(activePaths(undefined)).toEqual([]);
  });
});
