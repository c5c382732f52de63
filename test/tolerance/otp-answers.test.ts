import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { FLOW_CODES } from '../../src/machine/flow-error.js';
import type { FlowEmitted, FlowView } from '../../src/machine/types.js';
import type { Sandbox, Scenario } from '../../src/sandbox/index.js';
import { type HostOptions, hostFor } from '../machine/host.js';
import { customerFor, openSandbox, SPEED } from '../machine/sandbox-harness.js';
import { envelopeResponse, type Rewrite, rewritingClient } from './rewriting-client.js';

/**
 * The guide shows the OTP send and verify REQUESTS and no answer to either: `{ requestId }`
 * and `{ verified, remainingAttempts? }` are only our assumption. A real gateway that answers
 * otherwise must neither stop a customer who typed the right code, nor tell one a code was
 * wrong when nobody said so, nor send the customer code after code.
 */

const OTP_SEND = 'workflow.kyc.otp.send';
const OTP_VERIFY = 'workflow.kyc.otp.verify';
const otpOnly: Scenario = { name: 'otp-only', steps: ['emailOtp'], outcome: 'APPROVED' };

/** The sandbox's answer to a call, its `data` replaced by what `rewrite` makes of it. */
const rewriteData = async (
  answer: () => Promise<Response>,
  rewrite: (data: Record<string, unknown>) => unknown,
) => {
  const body = (await (await answer()).json()) as { data: Record<string, unknown> };
  return envelopeResponse({ ...body, data: rewrite(body.data) });
};

interface Run {
  readonly views: FlowView[];
  readonly events: FlowEmitted[];
  readonly of: (method: string) => unknown[];
  readonly flow: ReturnType<typeof createKycFlow>;
}

async function run(sandbox: Sandbox, rewrite: Rewrite, host: HostOptions = {}): Promise<Run> {
  const gateway = rewritingClient(sandbox, rewrite);
  const flow = createKycFlow({
    client: gateway.client,
    customer: customerFor(),
    polling: { timeScale: SPEED },
  });
  const views: FlowView[] = [];
  const events: FlowEmitted[] = [];
  flow.subscribe((view) => views.push(view));
  flow.on('*', (event) => events.push(event));
  hostFor(flow, host);
  flow.start().send({ type: 'START' });
  return { views, events, of: gateway.of, flow };
}

/** Resolves with the first view `until` accepts, or fails naming the last state seen. */
const viewWhere = (flow: Run['flow'], until: (view: FlowView) => boolean, ms = 20_000) =>
  new Promise<FlowView>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`not seen within ${ms} ms; last state ${flow.getView().state}`));
    }, ms);
    const check = (view: FlowView) => {
      if (!until(view)) return;
      clearTimeout(timer);
      queueMicrotask(() => off());
      resolve(view);
    };
    const off = flow.subscribe(check);
    check(flow.getView());
  });

/** The flow's end, or where it stopped for attention (which fails an expected end at once). */
const ended = (run: Run) =>
  viewWhere(run.flow, (view) => view.done || view.state === 'needsAttention');

const wrongCodeSeen = (run: Run) =>
  run.views.some((view) => view.state.endsWith('.wrongCode')) ||
  run.events.some((event) => event.type === 'otpRejected');

describe('an OTP verify answered with apiCode 200 and no `verified` the client reads', () => {
  // Each shape, and whether it says the code was right (`otpVerified` tells the host which).
  const shapes: [string, (data: Record<string, unknown>) => unknown, boolean][] = [
    ['data: null', () => null, false],
    ['{}', () => ({}), false],
    ['{ success: true }', () => ({ success: true }), false],
    ["{ status: 'VERIFIED' }", () => ({ status: 'VERIFIED' }), false],
    ['verified: "true"', () => ({ verified: 'true' }), true],
    ['verified: " TRUE "', () => ({ verified: ' TRUE ' }), true],
    ['verified: null', () => ({ verified: null }), false],
  ];
  it.each(shapes)(
    '%s: the right code carries the customer on, as the status read shows',
    async (_, shape, said) => {
      const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
      const flow = await run(sandbox, (method, answer) =>
        method === OTP_VERIFY ? rewriteData(answer, shape) : undefined,
      );
      await expect(ended(flow)).resolves.toMatchObject({ outcome: { decision: 'APPROVED' } });
      expect(flow.views.filter((view) => view.error?.code === FLOW_CODES.CONTRACT_BROKEN)).toEqual(
        [],
      );
      expect(flow.of(OTP_SEND)).toHaveLength(1);
      expect(flow.of(OTP_VERIFY)).toHaveLength(1);
      expect(wrongCodeSeen(flow)).toBe(false);
      // A host is told the code was taken, and whether the gateway said it was right.
      expect(flow.events.filter((event) => event.type === 'otpVerified')).toEqual([
        { type: 'otpVerified', channel: 'email', ...(said ? {} : { unconfirmed: true }) },
      ]);
    },
  );

  it('taken but the node never moves on: read on, verified once more, then ANSWER_NOT_TAKEN, never a wrong code', async () => {
    const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
    // The gateway says nothing and does nothing: the sandbox never sees the verify.
    const flow = await run(sandbox, (method) =>
      method === OTP_VERIFY
        ? envelopeResponse({ apiCode: 200, apiMsg: 'OK', data: {} })
        : undefined,
    );
    const stopped = await viewWhere(flow.flow, (view) => view.state === 'needsAttention', 30_000);
    expect(stopped.error).toMatchObject({ code: FLOW_CODES.ANSWER_NOT_TAKEN, retryable: true });
    expect(wrongCodeSeen(flow)).toBe(false);
    // Never told "verified" as if the gateway had said so: the node never moved on.
    const told = flow.events.filter((event) => event.type === 'otpVerified');
    expect(told).toHaveLength(2);
    expect(told.every((event) => 'unconfirmed' in event && event.unconfirmed)).toBe(true);
    // Bounded: the code was asked for and verified once more, and no second code was sent.
    expect(flow.of(OTP_VERIFY)).toHaveLength(2);
    expect(flow.of(OTP_SEND)).toHaveLength(1);
    const verifies = flow.of(OTP_VERIFY).length;
    const sends = flow.of(OTP_SEND).length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect([flow.of(OTP_VERIFY).length, flow.of(OTP_SEND).length]).toEqual([verifies, sends]);
    expect(flow.flow.getView().state).toBe('needsAttention');
  });

  it('verified "false" (any case) is a wrong code; remainingAttempts "2" is 2, null none', async () => {
    const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
    let verifies = 0;
    const flow = await run(
      sandbox,
      (method) => {
        if (method !== OTP_VERIFY) return undefined;
        verifies += 1;
        if (verifies === 1) {
          return envelopeResponse({
            apiCode: 200,
            data: { verified: 'False', remainingAttempts: '2' },
          });
        }
        if (verifies === 2) {
          return envelopeResponse({
            apiCode: 200,
            data: { verified: 'FALSE', remainingAttempts: null },
          });
        }
        return undefined;
      },
      {
        override: (view) =>
          view.state.endsWith('.codeSent') || view.state.endsWith('.wrongCode')
            ? [{ type: 'VERIFY_OTP', code: ['111111', '222222', '123456'][verifies] ?? '123456' }]
            : undefined,
      },
    );
    await expect(ended(flow)).resolves.toMatchObject({ outcome: { decision: 'APPROVED' } });
    const rejected = flow.events.filter((event) => event.type === 'otpRejected');
    expect(rejected).toEqual([
      { type: 'otpRejected', channel: 'email', remainingAttempts: 2 },
      { type: 'otpRejected', channel: 'email' },
    ]);
    expect(flow.views.filter((view) => view.error?.code === FLOW_CODES.CONTRACT_BROKEN)).toEqual(
      [],
    );
  });
});

describe('an OTP send answered without `requestId`', () => {
  const aliases = ['id', 'otpId', 'request_id', 'requestID'];
  it.each(aliases)(
    'its requestId under `%s` is read as it, and verify sends it back',
    async (alias) => {
      const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
      const flow = await run(sandbox, (method, answer) =>
        method === OTP_SEND
          ? rewriteData(answer, ({ requestId, ...rest }) => ({ ...rest, [alias]: requestId }))
          : undefined,
      );
      await expect(ended(flow)).resolves.toMatchObject({ outcome: { decision: 'APPROVED' } });
      expect(flow.of(OTP_SEND)).toHaveLength(1);
      expect(flow.of(OTP_VERIFY)).toHaveLength(1);
    },
  );

  const missing: [string, unknown][] = [
    ['{}', {}],
    ['{ cooldownSeconds: 60 }', { cooldownSeconds: 60 }],
    ['data: null', null],
    ['requestId: null', { requestId: null, id: null }],
  ];
  it.each(missing)(
    '%s: one send, then CONTRACT_BROKEN naming requestId, and no send by itself',
    async (_, data) => {
      const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
      // The gateway sends the code (the sandbox takes the send) and answers without its id.
      const flow = await run(
        sandbox,
        async (method, answer) => {
          if (method !== OTP_SEND) return undefined;
          await answer();
          return envelopeResponse({ apiCode: 200, apiMsg: 'OK', data });
        },
        { retry: true },
      );
      const stopped = await viewWhere(flow.flow, (view) => view.state === 'needsAttention');
      expect(stopped.error).toMatchObject({
        code: FLOW_CODES.CONTRACT_BROKEN,
        method: OTP_SEND,
        field: 'requestId',
      });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(flow.of(OTP_SEND)).toHaveLength(1);
      expect(flow.of(OTP_VERIFY)).toHaveLength(0);
      expect(flow.flow.getView().state).toBe('needsAttention');
    },
  );
});

describe('an OTP node whose config names a masked identity', () => {
  it.each(['j***@example.com', 'ja••••@example.com'])(
    "%s: the code goes to the customer's own address, which the mask only shows",
    async (masked) => {
      const sandbox = await openSandbox({ scenarios: [otpOnly], scenario: otpOnly });
      const flow = await run(
        sandbox,
        (method, answer) =>
          method === 'workflow.execution.status'
            ? rewriteData(answer, (data) => {
                const node = data.currentNode as Record<string, unknown> | null | undefined;
                return node
                  ? { ...data, currentNode: { ...node, config: { identity: masked } } }
                  : data;
              })
            : undefined,
        // A host that names no address: the flow picks the node's, else the customer's.
        {
          override: (view) =>
            view.state === 'tracking.emailOtp.awaitingIdentity'
              ? [{ type: 'SEND_OTP' }]
              : undefined,
        },
      );
      await expect(ended(flow)).resolves.toMatchObject({ outcome: { decision: 'APPROVED' } });
      const sentTo = new Set(flow.views.map((view) => view.otp?.identity).filter(Boolean));
      // `run`'s customer is jane<n>@example.com: the code went there, never to the mask.
      expect([...sentTo]).toEqual([expect.stringMatching(/^jane\d+@example\.com$/)]);
      expect(flow.of(OTP_SEND)).toHaveLength(1);
    },
  );
});
