import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { diagramCommand } from '../../src/adapters/node/cli/diagram-command.js';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { kycFlowMachine } from '../../src/machine/machine.js';
import { OVERVIEW_DEPTH, toMermaid } from '../../src/machine/mermaid.js';

const overview = toMermaid(kycFlowMachine, { depth: OVERVIEW_DEPTH });
const full = toMermaid(kycFlowMachine);
const tracking = kycFlowMachine.root.states.tracking as AnyStateNode;
const nodes = Object.keys(tracking.states).filter((key) => key !== 'polling');
const declared = (diagram: string) =>
  [...diagram.matchAll(/state "[^"]+" as (\S+)/g)].map((match) => match[1]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the overview diagram (the chart folded to the lifecycle and the node states)', () => {
  it('draws the top-level states and the node states, nothing deeper', () => {
    const expected = [
      ...Object.keys(kycFlowMachine.root.states),
      ...Object.keys(tracking.states).map((key) => `tracking_${key}`),
    ];
    expect(declared(overview).sort()).toEqual(expected.sort());
    expect(overview).toContain('state "tracking" as tracking {');
  });

  it('routes status answers from polling to each node, and each node back', () => {
    for (const node of nodes) {
      expect(overview).toContain(`tracking_polling --> tracking_${node} : status`);
      expect(overview).toMatch(new RegExp(`tracking_${node} --> tracking_polling : .*status`));
    }
    // The nodes' own routes to one another are the same dispatch, drawn once.
    expect(overview).not.toMatch(/tracking_(?!polling)\w+ --> tracking_(?!polling)\w+/);
  });

  it('draws each pair of states once, labelled by causes, without guards', () => {
    const arrows = [...overview.matchAll(/^\s*(\S+) --> (\S+) : (.*)$/gm)];
    const pairs = arrows.map(([, from, to]) => `${from} ${to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(overview).not.toMatch(/\[\w/);
    expect(overview).toContain('idle --> registering : START');
    expect(overview).toContain('registering --> starting : registerCustomer done');
    expect(overview).toContain('tracking --> suspended : error');
    expect(overview).toContain('tracking --> completed : status');
    expect(overview).toContain('suspended --> tracking : RETRY, wait done');
    expect(overview).toContain('note left of cancelled : CANCEL from any state');
  });

  it('is a fraction of the full chart', () => {
    expect(overview.split('\n').length * 5).toBeLessThan(full.split('\n').length);
  });
});

describe('kyc-flow diagram', () => {
  const run = async (args: string[]) => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await diagramCommand(args);
    vi.restoreAllMocks();
    return { code, out };
  };

  it('prints the overview, and with --full every state and transition', async () => {
    expect(await run([])).toEqual({ code: EXIT_CODES.approved, out: overview });
    expect(await run(['--full'])).toEqual({ code: EXIT_CODES.approved, out: full });
    expect((await run(['--fully'])).code).toBe(EXIT_CODES.usage);
  });
});
