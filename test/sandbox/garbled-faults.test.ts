import { afterEach, describe, expect, it } from 'vitest';
import { callerOf, createFaultPlanner } from '../../src/sandbox/faults.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import type { FaultKind } from '../../src/sandbox/types.js';
import { type RawClient, rawClient } from './raw-client.js';

const STATUS = 'workflow.execution.status';
const GARBLED: FaultKind = 'malformed-envelope';

/** The picks of `calls` calls, each made for the caller `callers` names in turn. */
const picks = (
  planner: ReturnType<typeof createFaultPlanner>,
  callers: readonly string[],
  calls: number,
) =>
  Array.from({ length: calls }, (_, index) => {
    const caller = callers[index % callers.length];
    return { caller, kind: planner.pick(STATUS, () => caller) };
  });

/** How many times one caller's call was garbled right after its previous one was. */
const garbledTwiceInARow = (seen: ReturnType<typeof picks>) => {
  const last = new Map<string | undefined, FaultKind | undefined>();
  let twice = 0;
  for (const { caller, kind } of seen) {
    if (kind === GARBLED && last.get(caller) === GARBLED) twice += 1;
    last.set(caller, kind);
  }
  return twice;
};

// A random fault is trouble a client rides out. A caller garbled call after call is a broken
// gateway, where kyc-flow rightly stops for attention (CONTRACT_READS unreadable answers in a
// row): drawn independently, that befell about one chaos run in a hundred.
describe('random garbled answers (malformed-envelope)', () => {
  it('never garble one caller twice in a row, and keep the fault rate', () => {
    const planner = createFaultPlanner({ rate: 1, kinds: [GARBLED, 'http-500'], seed: 3 }, 0);
    const seen = picks(planner, ['exec-a'], 400);
    expect(garbledTwiceInARow(seen)).toBe(0);
    expect(seen.filter((pick) => pick.kind === GARBLED).length).toBeGreaterThan(100);
    // Every call still fails: another kind stands in for the garbled answer.
    expect(seen.every((pick) => pick.kind !== undefined)).toBe(true);
  });

  it('are drawn per caller: another caller may be garbled at once, each at most every other call', () => {
    const planner = createFaultPlanner({ rate: 1, kinds: [GARBLED], seed: 3 }, 0);
    const seen = picks(planner, ['exec-a', 'exec-b'], 40);
    expect(seen.slice(0, 4).map((pick) => pick.kind)).toEqual([
      GARBLED,
      GARBLED,
      undefined,
      undefined,
    ]);
    expect(garbledTwiceInARow(seen)).toBe(0);
    // No other kind to stand in: the call goes through.
    expect(seen.filter((pick) => pick.kind === GARBLED)).toHaveLength(20);
  });

  it("never garble a caller's method twice in a row, whatever calls came between (a resend and the status read before it)", () => {
    const planner = createFaultPlanner({ rate: 1, kinds: [GARBLED], seed: 3 }, 0);
    const submit = 'workflow.kyc.particular.data';
    const calls = Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? submit : STATUS));
    const seen = calls.map((method) => ({ method, kind: planner.pick(method, () => 'exec-a') }));
    const submits = seen.filter((pick) => pick.method === submit).map((pick) => pick.kind);
    expect(submits.some((kind) => kind === GARBLED)).toBe(true);
    for (let index = 1; index < submits.length; index++) {
      if (submits[index - 1] === GARBLED) expect(submits[index]).toBeUndefined();
    }
  });

  it('still follow a plan: a broken gateway is injected on purpose', () => {
    const planner = createFaultPlanner({ rate: 1, kinds: [GARBLED], seed: 3 }, 0);
    planner.inject({ kind: GARBLED, times: 3 });
    expect(picks(planner, ['exec-a'], 5).map((pick) => pick.kind)).toEqual([
      GARBLED,
      GARBLED,
      GARBLED,
      undefined,
      GARBLED,
    ]);
  });

  it('name the caller by its execution, else its customer', () => {
    const body = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(callerOf(body({ executionId: 'e1', callbackKey: 'k' }))).toBe('e1');
    expect(callerOf(body({ eventType: 'KYC_EVENT', data: { customerId: 'C1' } }))).toBe('C1');
    expect(callerOf(body({ customerId: 'C1', email: 'a@b.c' }))).toBe('C1');
    expect(callerOf(body({ email: 'a@b.c' }))).toBe('a@b.c');
    expect(callerOf(body([1]))).toBeUndefined();
    expect(callerOf(new TextEncoder().encode('{"execu'))).toBeUndefined();
  });
});

describe('random garbled answers over HTTP', () => {
  let sandbox: Sandbox;
  let client: RawClient;
  afterEach(() => sandbox.close());

  it('answer one execution garbled at most every other read', async () => {
    sandbox = await startSandbox({ seed: 5, faults: { rate: 1, kinds: [GARBLED], seed: 5 } });
    client = rawClient(sandbox.gatewayUrl, sandbox.credentials);
    const read = async (executionId: string) => {
      const text = await (
        await client.post({ api: STATUS, body: JSON.stringify({ executionId }) })
      ).text();
      try {
        JSON.parse(text);
        return 'read';
      } catch {
        return 'garbled';
      }
    };
    const answers: string[] = [];
    for (let i = 0; i < 6; i += 1) answers.push(await read('exec-x'));
    expect(answers).toEqual(['garbled', 'read', 'garbled', 'read', 'garbled', 'read']);
    // Another execution is another caller.
    expect([await read('exec-y'), await read('exec-x'), await read('exec-y')]).toEqual([
      'garbled',
      'garbled',
      'read',
    ]);
  });
});
