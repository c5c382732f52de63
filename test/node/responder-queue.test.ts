import { describe, expect, it, vi } from 'vitest';
import type { NodeRequest, Responder } from '../../src/adapters/node/responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { ResponderQueue } from '../../src/adapters/node/responder-queue.js';
import type { HeadlessEvent } from '../../src/adapters/node/run-events.js';
import type { FlowView, HostEvent, HostEventType } from '../../src/machine/index.js';

const otpNode = (callbackKey: string) => ({
  nodeId: 'node-4',
  nodeType: 'flow_action_email_otp',
  callbackKey,
});

/** The flow at an email OTP node that expects `expects`. */
const viewAt = (callbackKey: string, expects: HostEventType[]): FlowView => ({
  state: 'tracking.emailOtp.awaitingInput',
  step: 'emailOtp',
  referenceId: 'ref-1',
  executionId: 'exec-1',
  node: otpNode(callbackKey),
  expects,
  done: false,
});

const polling: FlowView = {
  state: 'tracking.polling',
  step: 'polling',
  referenceId: 'ref-1',
  expects: [],
  done: false,
};

/** A responder whose answers the test hands out one by one. */
function heldResponder() {
  const asked: Array<{ request: NodeRequest; give: (events: HostEvent[]) => void }> = [];
  const responder: Responder = {
    respond: (request) =>
      new Promise<HostEvent[]>((give) => {
        asked.push({ request, give });
      }),
  };
  return { responder, asked };
}

function queueWith(responder: Responder, maxAnswersPerNode = 8) {
  const sent: HostEventType[] = [];
  const reports: HeadlessEvent[] = [];
  // As the run does: a failure ends it, and the queue with it.
  const fail = vi.fn<(error: unknown) => void>(() => queue.stop());
  const wake = vi.fn();
  const queue: ResponderQueue = new ResponderQueue({
    responder,
    maxAnswersPerNode,
    send: (event) => sent.push(event.type),
    report: (event) => reports.push(event),
    wake,
    fail,
  });
  return { queue, sent, reports, fail, wake };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Shows the queue the flow, and lets a responder it asks see the request. */
const follow = async (queue: ResponderQueue, view: FlowView) => {
  queue.follow(view);
  await tick();
};
const send: HostEvent = { type: 'SEND_OTP' };
const verify: HostEvent = { type: 'VERIFY_OTP', code: '123456' };

describe('ResponderQueue', () => {
  it('asks once per node and sends the host events it gives, each when the flow expects it', async () => {
    const { responder, asked } = heldResponder();
    const { queue, sent, reports, wake } = queueWith(responder);
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    expect(asked).toHaveLength(1);
    expect(queue.idle).toBe(false);
    expect(reports).toEqual([
      { type: 'answering', kind: 'emailOtp', nodeType: 'flow_action_email_otp', callbackKey: 'k1' },
    ]);

    asked[0]?.give([send, verify]);
    await tick();
    expect(wake).toHaveBeenCalled();
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    expect(sent).toEqual(['SEND_OTP']);
    // While the code goes out the flow expects nothing: VERIFY_OTP waits in the queue.
    await follow(queue, viewAt('k1', []));
    expect(queue.idle).toBe(false);
    await follow(queue, viewAt('k1', ['VERIFY_OTP', 'RESEND_OTP']));
    expect(sent).toEqual(['SEND_OTP', 'VERIFY_OTP']);
    expect(queue.idle).toBe(true);
    expect(asked).toHaveLength(1);
  });

  it('is exhausted at a node the responder gave nothing for, until the node is announced again', async () => {
    const { responder, asked } = heldResponder();
    const { queue } = queueWith(responder);
    const waiting = viewAt('k1', ['SUBMIT_PARTICULARS']);
    await follow(queue, waiting);
    expect(queue.exhausted(waiting)).toBe(false);
    asked[0]?.give([]);
    await tick();
    await follow(queue, waiting);
    expect(queue.idle).toBe(true);
    expect(queue.exhausted(waiting)).toBe(true);
    expect(queue.exhausted(viewAt('k1', []))).toBe(false);
    expect(queue.exhausted(viewAt('k2', ['SUBMIT_PARTICULARS']))).toBe(false);
    queue.heard({ type: 'nodeWaiting', node: otpNode('k1'), step: 'emailOtp' });
    expect(queue.exhausted(waiting)).toBe(false);
  });

  it('skips queued events made moot by what the flow already has', async () => {
    const { responder, asked } = heldResponder();
    const { queue, sent } = queueWith(responder);
    await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    asked[0]?.give([send, verify]);
    await tick();
    await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    expect(sent).toEqual(['VERIFY_OTP']);
  });

  it('asks afresh when the flow wants something new of the same node, or announces it again', async () => {
    const { responder, asked } = heldResponder();
    const { queue, sent } = queueWith(responder);
    await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    asked[0]?.give([verify]);
    await tick();
    await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    expect(sent).toEqual(['VERIFY_OTP']);
    // The code was wrong: the flow expects the same again, and nothing new is queued.
    await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    expect(asked).toHaveLength(1);
    queue.heard({ type: 'nodeWaiting', node: otpNode('k1'), step: 'emailOtp' });
    await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    expect(asked).toHaveLength(2);
    expect(asked[1]?.request.kind).toBe('emailOtp');
  });

  it('drops what is queued when nothing of it is wanted any more, and asks again', async () => {
    const { responder, asked } = heldResponder();
    const { queue } = queueWith(responder);
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    asked[0]?.give([verify]);
    await tick();
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    expect(asked).toHaveLength(2);
  });

  it('aborts the answer in flight when the node moves on, and does not use it', async () => {
    const { responder, asked } = heldResponder();
    const { queue, sent } = queueWith(responder);
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    const first = asked[0];
    await follow(queue, polling);
    expect(first?.request.signal.aborted).toBe(true);
    expect(queue.idle).toBe(true);
    first?.give([send]);
    await tick();
    await follow(queue, viewAt('k2', ['SEND_OTP']));
    expect(sent).toEqual([]);
    expect(asked).toHaveLength(2);
    expect(asked[1]?.request.node.callbackKey).toBe('k2');
  });

  it('gives up on a node after maxAnswersPerNode answers, naming the last error', async () => {
    const responder: Responder = { respond: () => [verify] };
    const { queue, fail } = queueWith(responder, 2);
    queue.heard({
      type: 'error',
      error: { code: 'OTP_REJECTED', message: 'wrong code', retryable: false },
    });
    const asks: number[] = [];
    for (let round = 1; round <= 3 && fail.mock.calls.length === 0; round += 1) {
      // The code was wrong again: the node is announced again.
      queue.heard({ type: 'nodeWaiting', node: otpNode('k1'), step: 'emailOtp' });
      await follow(queue, viewAt('k1', ['VERIFY_OTP']));
      await follow(queue, viewAt('k1', ['VERIFY_OTP']));
      asks.push(round);
    }
    expect(asks).toEqual([1, 2, 3]);
    expect(fail).toHaveBeenCalledTimes(1);
    const [error] = fail.mock.calls[0] ?? [];
    expect(error).toBeInstanceOf(ResponderError);
    expect(String(error)).toContain('still waits after 2 answers (last error OTP_REJECTED');
  });

  it('answers again a code whose requestId a resend superseded: the refusal is not of the answer', async () => {
    const resend: HostEvent = { type: 'RESEND_OTP' };
    const responder: Responder = { respond: () => [resend, verify] };
    const { queue, sent, fail } = queueWith(responder);
    const superseded = {
      code: 'GATEWAY_ERROR',
      message:
        'workflow.kyc.otp.verify failed: 999301 API_INVALID_REQUEST: requestId: superseded by a resend; use the latest one',
      apiCode: 999301,
      retryable: false,
    };
    // Twice over: a resend's own late attempt may supersede the code it fetched.
    for (let round = 0; round < 2; round += 1) {
      queue.heard({ type: 'error', error: superseded });
      const refused = { ...viewAt('k1', ['VERIFY_OTP', 'RESEND_OTP']), error: superseded };
      await follow(queue, refused);
      await follow(queue, refused);
      await follow(queue, viewAt('k1', ['VERIFY_OTP', 'RESEND_OTP']));
    }
    expect(fail).not.toHaveBeenCalled();
    expect(sent).toEqual(['RESEND_OTP', 'VERIFY_OTP', 'RESEND_OTP', 'VERIFY_OTP']);
  });

  it('counts the answers to one node across its comings and goings: a node that never moves on ends the run', async () => {
    const responder: Responder = { respond: () => [verify] };
    const { queue, sent, fail } = queueWith(responder, 3);
    // A gateway that shows the answered node waiting again after every status read.
    for (let read = 0; read < 6 && fail.mock.calls.length === 0; read += 1) {
      await follow(queue, polling);
      queue.heard({ type: 'nodeWaiting', node: otpNode('k1'), step: 'emailOtp' });
      await follow(queue, viewAt('k1', ['VERIFY_OTP']));
      await follow(queue, viewAt('k1', ['VERIFY_OTP']));
    }
    expect(sent).toEqual(['VERIFY_OTP', 'VERIFY_OTP', 'VERIFY_OTP']);
    expect(fail).toHaveBeenCalledTimes(1);
    expect(String(fail.mock.calls[0]?.[0])).toContain('still waits after 3 answers');
  });

  it('counts the answers to a node type across callbackKeys: a node re-issued under a fresh key each time ends the run', async () => {
    const responder: Responder = { respond: () => [verify] };
    const { queue, sent, fail } = queueWith(responder, 3);
    // A gateway that shows the same node waiting again after every answer, each time keyed anew.
    for (let read = 1; read <= 6 && fail.mock.calls.length === 0; read += 1) {
      await follow(queue, polling);
      queue.heard({ type: 'nodeWaiting', node: otpNode(`k${read}`), step: 'emailOtp' });
      await follow(queue, viewAt(`k${read}`, ['VERIFY_OTP']));
      await follow(queue, viewAt(`k${read}`, ['VERIFY_OTP']));
    }
    expect(sent).toEqual(['VERIFY_OTP', 'VERIFY_OTP', 'VERIFY_OTP']);
    expect(fail).toHaveBeenCalledTimes(1);
    expect(String(fail.mock.calls[0]?.[0])).toContain('flow_action_email_otp');
  });

  it('fails the run with what the responder throws, sync or async', async () => {
    const thrown = new ResponderError('flow_action_email_otp', 'otp', 'the profile has none');
    for (const respond of [
      () => {
        throw thrown;
      },
      () => Promise.reject(thrown),
    ]) {
      const { queue, fail } = queueWith({ respond });
      await follow(queue, viewAt('k1', ['SEND_OTP']));
      await tick();
      expect(fail).toHaveBeenCalledWith(thrown);
    }
  });

  it('uses nothing the responder gives once stopped', async () => {
    const { responder, asked } = heldResponder();
    const { queue, wake, fail } = queueWith(responder);
    await follow(queue, viewAt('k1', ['SEND_OTP']));
    queue.stop();
    expect(asked[0]?.request.signal.aborted).toBe(true);
    asked[0]?.give([send]);
    await tick();
    expect(wake).not.toHaveBeenCalled();
    expect(fail).not.toHaveBeenCalled();
  });
});
