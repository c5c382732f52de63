import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, createActor } from 'xstate';
import { kycFlowMachine } from '../../src/machine/machine.js';
import { resolvePollingOptions } from '../../src/machine/polling.js';
import { flowSetup } from '../../src/machine/setup.js';
import type { HostEventType, StateMeta } from '../../src/machine/types.js';
import { expectedEvents, type FlowSnapshot, stepOf, toFlowView } from '../../src/machine/view.js';
import { reachableStates } from '../resilience/chart-graph.js';

/**
 * What a host relies on in each state: the host events it expects there (CANCEL always
 * works and is not listed); every state not named here expects none. The chart says so in
 * each state's `meta`; this is the specification it is held to.
 */
const EXPECTS: Record<string, readonly HostEventType[]> = {
  idle: ['START'],
  suspended: ['RETRY'],
  needsAttention: ['RETRY'],
  'tracking.identityDocument.awaitingInput': ['SUBMIT_IDENTITY_DOCUMENT'],
  'tracking.identityDocument.ocrFailed': ['RETAKE'],
  'tracking.particulars.awaitingInput': ['SUBMIT_PARTICULARS'],
  'tracking.liveness.awaitingInput': ['SUBMIT_LIVENESS'],
  'tracking.emailOtp.awaitingIdentity': ['SEND_OTP'],
  'tracking.emailOtp.codeSent': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.emailOtp.wrongCode': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.emailOtp.locked.resendAllowed': ['RESEND_OTP'],
  'tracking.phoneOtp.awaitingIdentity': ['SEND_OTP'],
  'tracking.phoneOtp.codeSent': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.phoneOtp.wrongCode': ['VERIFY_OTP', 'RESEND_OTP'],
  'tracking.phoneOtp.locked.resendAllowed': ['RESEND_OTP'],
  'tracking.requiredDocuments.collecting': ['ADD_DOCUMENT', 'SUBMIT_DOCUMENTS'],
  'tracking.requiredDocuments.adding': ['ADD_DOCUMENT', 'SUBMIT_DOCUMENTS'],
  'tracking.requiredForms.awaitingInput': ['SUBMIT_FORMS'],
};

/** The step of a state: its top-level state, or inside `tracking` the node it is at. */
const STEP = (path: string) => {
  const [top, node] = path.split('.');
  return top === 'tracking' ? node : top;
};

/** How fast each state reads the execution status (its tag); states not named read none. */
const PHASES: Record<string, string> = {
  'tracking.polling': 'running',
  'tracking.screenCheck': 'screening',
  'tracking.pendingReview': 'review',
  'tracking.unknownNode': 'review',
  'tracking.identityDocument.extracting': 'ocr',
  'tracking.emailOtp.verified': 'running',
  'tracking.phoneOtp.verified': 'running',
  // Where the host has the turn, the flow watches the execution at the host's pace.
  ...Object.fromEntries(
    [
      'identityDocument.awaitingInput',
      'identityDocument.ocrFailed',
      'particulars.awaitingInput',
      'liveness.awaitingInput',
      ...['emailOtp', 'phoneOtp'].flatMap((otp) =>
        [
          'awaitingIdentity',
          'codeSent',
          'wrongCode',
          'locked.coolingDown',
          'locked.resendAllowed',
        ].map((state) => `${otp}.${state}`),
      ),
      'requiredDocuments.collecting',
      'requiredForms.awaitingInput',
    ].map((state) => [`tracking.${state}`, 'awaitingHost']),
  ),
};

const states = reachableStates();

/** The meta of every active state node, one entry per node that has any. */
const metas = (snapshot: FlowSnapshot) =>
  Object.values(snapshot.getMeta()).filter((meta): meta is StateMeta => meta !== undefined);

describe("each state's meta and tags (every state xstate/graph reaches)", () => {
  it.each([...states.keys()])('%s names its step once and what it expects', (path) => {
    const snapshot = states.get(path) as FlowSnapshot;
    expect(metas(snapshot).filter((meta) => meta.step !== undefined)).toHaveLength(1);
    expect(metas(snapshot).filter((meta) => meta.expects !== undefined).length).toBeLessThan(2);
    const view = toFlowView(snapshot);
    expect({ step: view.step, expects: view.expects }).toEqual({
      step: STEP(path),
      expects: snapshot.status === 'done' ? [] : (EXPECTS[path] ?? []),
    });
    expect([...snapshot.tags]).toEqual(PHASES[path] ? [PHASES[path]] : []);
  });

  it('reads a state path the same way (stepOf, expectedEvents)', () => {
    for (const path of states.keys()) {
      expect(stepOf(path)).toBe(STEP(path));
      expect(expectedEvents(path)).toEqual(EXPECTS[path] ?? []);
    }
  });
});

interface Config {
  readonly meta?: StateMeta;
  readonly states?: Record<string, Config>;
}

/** The chart's config with `edit` applied to a copy of the state at `path` (the rest shared). */
function editedChart(path: readonly string[], edit: (state: Config) => Config): AnyStateMachine {
  const copy = (state: Config, rest: readonly string[]): Config => {
    const [key, ...deeper] = rest;
    if (key === undefined) return edit({ ...state });
    const states = state.states ?? {};
    return { ...state, states: { ...states, [key]: copy(states[key] ?? {}, deeper) } };
  };
  const config = copy(kycFlowMachine.config as unknown as Config, path);
  return flowSetup.createMachine(config as never) as unknown as AnyStateMachine;
}

/** The view of a flow at `value` in `machine`. */
const viewAt = (machine: AnyStateMachine, value: object) => {
  const input = {
    customer: { email: 'jane@example.com', referenceId: 'ref-meta' },
    polling: resolvePollingOptions({}),
  };
  const { context } = createActor(kycFlowMachine, { input }).getSnapshot();
  return toFlowView(machine.resolveState({ value, context } as never) as FlowSnapshot);
};

describe('the view reads the chart, nothing else', () => {
  const particulars = { tracking: { particulars: 'awaitingInput' } };

  it('shows what the chart says', () => {
    expect(viewAt(kycFlowMachine, particulars)).toMatchObject({
      step: 'particulars',
      expects: ['SUBMIT_PARTICULARS'],
    });
  });

  it('expects nothing of the host once a state loses its meta', () => {
    const chart = editedChart(['tracking', 'particulars', 'awaitingInput'], (state) => {
      const { meta: _dropped, ...rest } = state;
      return rest;
    });
    expect(viewAt(chart, particulars)).toMatchObject({ step: 'particulars', expects: [] });
  });

  it('loses the step with the meta that named it', () => {
    const chart = editedChart(['tracking', 'particulars'], (state) => {
      const { meta: _dropped, ...rest } = state;
      return rest;
    });
    expect(viewAt(chart, particulars).step).toBeUndefined();
  });

  it('follows a meta that says something else', () => {
    const chart = editedChart(['tracking', 'particulars', 'awaitingInput'], (state) => ({
      ...state,
      meta: { expects: ['RETRY'] },
    }));
    expect(viewAt(chart, particulars).expects).toEqual(['RETRY']);
  });
});
