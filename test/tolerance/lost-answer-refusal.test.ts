import { describe, expect, it } from 'vitest';
import type { Responder } from '../../src/adapters/node/responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import type { FlowEmitted } from '../../src/machine/types.js';
import type { Sandbox, Scenario } from '../../src/sandbox/index.js';
import { SAMPLE } from '../machine/answers.js';
import { hostFor } from '../machine/host.js';
import { customerFor, openSandbox, SPEED } from '../machine/sandbox-harness.js';
import { envelopeResponse, rewritingClient } from './rewriting-client.js';

/**
 * The guide's gateway answers a submission for a node that no longer waits with "a clear
 * error code", but not which: the sandbox's 410001 is our guess. A real one may say it with
 * 999301 API_INVALID_REQUEST, or a code of its own. When the answer to a submission is lost
 * (the gateway took it, the connection broke) and the client's retry of it is refused so,
 * the refusal is of a repeat: the node took the first and moved on. The flow must read the
 * status and carry on, not hand the customer's answer back as refused (a run in Node gave up
 * with ResponderError, exit 19: "fix your profile").
 */

const PARTICULARS = 'workflow.kyc.particular.data';
const scenario: Scenario = {
  name: 'particulars-then-liveness',
  steps: ['particulars', 'liveness'],
  outcome: 'APPROVED',
};

const refusal = (apiCode: number) =>
  envelopeResponse({ apiCode, apiMsg: 'callbackKey is not waiting', data: null });

/** The first particulars submission reaches the gateway and its answer is lost; any other is refused with `apiCode`. */
const lostThenRefused = (sandbox: Sandbox, apiCode: number) => {
  let sends = 0;
  return rewritingClient(sandbox, async (method, answer) => {
    if (method !== PARTICULARS) return undefined;
    sends += 1;
    if (sends > 1) return refusal(apiCode);
    await answer();
    throw new TypeError('fetch failed');
  });
};

const responder: Responder = {
  respond: ({ kind }) => [SAMPLE[kind as 'particulars' | 'liveness']],
};

const eachEffectOnce = (sandbox: Sandbox) =>
  expect(Object.values(sandbox.stats().effects).every((count) => count === 1)).toBe(true);

const STATUS = 'workflow.execution.status';

/**
 * The first particulars submission reaches the gateway and its answer is lost; so are the
 * client's retries (the network is down: the flow suspends); the first status read after
 * that still shows the node (a gateway that shows a moment late what it took); every later
 * particulars send is refused with 999301.
 */
const lostThroughSuspension = (sandbox: Sandbox) => {
  let sends = 0;
  let stale: unknown;
  let late = false;
  return rewritingClient(sandbox, async (method, answer) => {
    if (method === STATUS) {
      if (late) {
        late = false;
        return envelopeResponse(stale);
      }
      const body: unknown = await (await answer()).json();
      if (JSON.stringify(body).includes('individual_particular')) stale = body;
      return envelopeResponse(body);
    }
    if (method !== PARTICULARS) return undefined;
    sends += 1;
    if (sends === 1) {
      await answer();
      late = true;
    }
    if (sends <= 3) throw new TypeError('fetch failed');
    return refusal(999301);
  });
};

describe('a submission whose answer was lost, its repeat refused as no longer waiting', () => {
  it('carries a run on when the repeat came after a suspension, not on the client’s retry', async () => {
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    const gateway = lostThroughSuspension(sandbox);
    const result = await runHeadless({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
      responder,
    });
    expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    // The lost one and the retries of it, then its repeat after the suspension, refused.
    expect(gateway.of(PARTICULARS)).toHaveLength(4);
    eachEffectOnce(sandbox);
  });

  it.each([999301, 400100])(
    'carries a run in Node on to APPROVED when the refusal is %i, each answer applied once',
    async (apiCode) => {
      const sandbox = await openSandbox({ scenarios: [scenario], scenario });
      const gateway = lostThenRefused(sandbox, apiCode);
      const result = await runHeadless({
        client: gateway.client,
        customer: customerFor(),
        polling: { timeScale: SPEED },
        responder,
      });
      expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
      // The lost one and its refused repeat; nothing sent after the status said it moved on.
      expect(gateway.of(PARTICULARS)).toHaveLength(2);
      eachEffectOnce(sandbox);
    },
  );

  it('never tells a page its customer’s answer was refused, and carries on', async () => {
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    const gateway = lostThenRefused(sandbox, 999301);
    const flow = createKycFlow({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
    });
    const events: FlowEmitted[] = [];
    flow.on('*', (event) => events.push(event));
    // A customer who types the particulars once, as a page asks for them.
    let typed = false;
    hostFor(flow, {
      override: (view) => {
        if (view.step !== 'particulars') return undefined;
        if (typed) return [];
        typed = true;
        return undefined;
      },
    });
    flow.start().send({ type: 'START' });
    await expect(flow.whenDone()).resolves.toMatchObject({ decision: 'APPROVED' });
    expect(events.filter((event) => event.type === 'error')).toEqual([]);
    eachEffectOnce(sandbox);
  });

  it('still hands back an answer the gateway refuses while its node waits, after one more send', async () => {
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    // The first attempt never reaches the gateway (a 503 in front of it); every later one is
    // refused while the node waits: a real refusal of the input, whatever came before.
    let sends = 0;
    const gateway = rewritingClient(sandbox, (method) => {
      if (method !== PARTICULARS) return undefined;
      sends += 1;
      return sends === 1 ? new Response('busy', { status: 503 }) : refusal(999301);
    });
    const failure = await runHeadless({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
      responder,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResponderError);
    expect(String((failure as Error).message)).toContain('refused the answer');
    // The 503, the refused retry (maybe of a repeat: the status read says the node waits),
    // the answer sent once more, refused: then the responder's same answer is not sent.
    expect(gateway.of(PARTICULARS)).toHaveLength(3);
  });

  it('still hands back an answer refused while its node waits after a suspension, after one more send', async () => {
    const sandbox = await openSandbox({ scenarios: [scenario], scenario });
    // The network is down for the first send and its retries (none reaches the gateway);
    // every later send is refused while the node waits.
    let sends = 0;
    const gateway = rewritingClient(sandbox, (method) => {
      if (method !== PARTICULARS) return undefined;
      sends += 1;
      if (sends <= 3) throw new TypeError('fetch failed');
      return refusal(999301);
    });
    const failure = await runHeadless({
      client: gateway.client,
      customer: customerFor(),
      polling: { timeScale: SPEED },
      responder,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResponderError);
    expect(String((failure as Error).message)).toContain('refused the answer');
    // Three lost, the repeat after the suspension refused (maybe of a send that was taken:
    // the status read says the node waits), the answer sent once more, refused: no more.
    expect(gateway.of(PARTICULARS)).toHaveLength(5);
  });
});
