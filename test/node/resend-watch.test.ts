import { describe, expect, it } from 'vitest';
import {
  ANSWER_NOT_TAKEN,
  answersNotTakenAt,
  ResendWatch,
} from '../../src/adapters/node/resend-watch.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { GAVE_UP_ON_NODE } from '../../src/adapters/node/responder-queue.js';
import type { HeadlessResult } from '../../src/adapters/node/run-events.js';
import type { FlowView } from '../../src/machine/index.js';

const node = (callbackKey: string) => ({
  nodeId: 'n',
  nodeType: 'flow_action_individual_particular',
  callbackKey,
});

const view = (state: string, callbackKey = 'k1', message?: string): FlowView => ({
  state,
  step: 'particulars',
  executionId: 'exec-1',
  referenceId: 'ref',
  // Outside `tracking` (suspended) the view shows no node.
  ...(state.startsWith('tracking.') && { node: node(callbackKey) }),
  expects: [],
  done: false,
  ...(message && { error: { code: 'GATEWAY_ERROR', message, retryable: true } }),
});

/** The views of one send that the gateway does not take: out, refused, status read again. */
const oneSend = (watch: ResendWatch, callbackKey = 'k1') => {
  watch.observe(view('tracking.particulars.submitting', callbackKey));
  watch.observe(view('suspended', callbackKey, 'service timed out'));
  watch.observe(view('tracking.polling', callbackKey, 'service timed out'));
};

describe('ResendWatch', () => {
  it('gives up as a send starts after the allowed ones went by untaken, naming the node and the last trouble', () => {
    const ends: HeadlessResult[] = [];
    const watch = new ResendWatch(3, (end) => ends.push(end));
    oneSend(watch);
    oneSend(watch);
    oneSend(watch);
    expect(ends).toEqual([]);
    watch.observe(view('tracking.particulars.submitting', 'k1', 'service timed out'));
    expect(ends).toEqual([
      {
        status: 'needsAttention',
        executionId: 'exec-1',
        error: {
          code: ANSWER_NOT_TAKEN,
          message:
            'the answer to flow_action_individual_particular went out 3 times and the gateway still shows the node waiting for it (last: service timed out)',
          retryable: false,
        },
      },
    ]);
  });

  it('counts each node apart, and a view seen again is not another send', () => {
    const ends: HeadlessResult[] = [];
    const watch = new ResendWatch(2, (end) => ends.push(end));
    oneSend(watch, 'k1');
    oneSend(watch, 'k1');
    oneSend(watch, 'k2');
    oneSend(watch, 'k2');
    watch.observe(view('tracking.emailOtp.sending', 'k3'));
    watch.observe(view('tracking.emailOtp.sending', 'k3'));
    watch.observe(view('tracking.emailOtp.codeSent', 'k3'));
    watch.observe(view('tracking.emailOtp.sending', 'k3'));
    expect(ends).toEqual([]);
    watch.observe(view('tracking.emailOtp.codeSent', 'k3'));
    watch.observe(view('tracking.emailOtp.sending', 'k3'));
    expect(ends).toHaveLength(1);
  });

  it('does not count the states around a send (a document added, a code checked)', () => {
    const ends: HeadlessResult[] = [];
    const watch = new ResendWatch(1, (end) => ends.push(end));
    for (const state of ['tracking.requiredDocuments.adding', 'tracking.emailOtp.verifying']) {
      watch.observe(view(state));
      watch.observe(view('tracking.polling'));
    }
    expect(ends).toEqual([]);
  });
});

describe('a responder that gave up on a node', () => {
  const gaveUp = new ResponderError('flow_action_individual_particular', GAVE_UP_ON_NODE, 'x');

  it('while the flow shows passing trouble: the gateway did not take the answers (no fault of the profile)', () => {
    const trouble = view('tracking.particulars.awaitingInput', 'k1', 'expected a JSON envelope');
    expect(answersNotTakenAt(trouble, gaveUp, 8)).toEqual({
      status: 'needsAttention',
      executionId: 'exec-1',
      error: {
        code: ANSWER_NOT_TAKEN,
        message:
          'the answer to flow_action_individual_particular was given 8 times and the gateway still shows the node waiting for it (last: expected a JSON envelope)',
        retryable: false,
      },
    });
  });

  it('after the gateway took every answer (a new callbackKey each time): the gateway did not act on them', () => {
    const result = answersNotTakenAt(view('tracking.particulars.awaitingInput'), gaveUp, 8, true);
    expect(result).toMatchObject({ status: 'needsAttention', error: { code: ANSWER_NOT_TAKEN } });
    expect(result?.status === 'needsAttention' && result.error.message).toMatch(
      /^the answer to flow_action_individual_particular was taken 8 times/,
    );
  });

  it('with a code superseded by resends every time: the gateway kept moving the requestId, not the profile', () => {
    const superseded = {
      ...view('tracking.phoneOtp.codeSent'),
      error: {
        code: 'GATEWAY_ERROR',
        message:
          'workflow.kyc.otp.verify failed: 999301 API_INVALID_REQUEST: requestId: superseded by a resend; use the latest one',
        apiCode: 999301,
        retryable: false,
      },
    };
    expect(answersNotTakenAt(superseded, gaveUp, 8)).toMatchObject({
      status: 'needsAttention',
      error: { code: ANSWER_NOT_TAKEN },
    });
  });

  it("with no trouble shown (a wrong code, a refusal), or for what the profile lacks: the profile's", () => {
    expect(
      answersNotTakenAt(view('tracking.particulars.awaitingInput'), gaveUp, 8),
    ).toBeUndefined();
    const refused = {
      ...view('tracking.particulars.awaitingInput'),
      error: { code: 'OTP_REJECTED', message: 'wrong code', retryable: false },
    };
    expect(answersNotTakenAt(refused, gaveUp, 8)).toBeUndefined();
    const lacking = new ResponderError('flow_action_liveness_test', 'liveness', 'missing');
    const trouble = view('tracking.liveness.awaitingInput', 'k1', 'timed out');
    expect(answersNotTakenAt(trouble, lacking, 8)).toBeUndefined();
  });
});
