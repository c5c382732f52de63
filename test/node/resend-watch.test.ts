import { describe, expect, it } from 'vitest';
import { ANSWER_NOT_TAKEN, ResendWatch } from '../../src/adapters/node/resend-watch.js';
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
