import { describe, expect, it } from 'vitest';
import type { FlowView, PersistedFlow } from '../../src/machine/types.js';
import type { FaultPlan, Sandbox, ScenarioName } from '../../src/sandbox/index.js';
import { hostFor } from './host.js';
import {
  customerFor,
  expectEachEffectOnce,
  flowFor,
  openSandbox,
  viewWhere,
} from './sandbox-harness.js';

const OTP_CODE = '482913';

interface Case {
  readonly at: string;
  readonly scenario?: ScenarioName;
  /** Holds a call in flight (its effect applied, its answer late) while we persist. */
  readonly slow?: FaultPlan['method'];
  readonly faults?: readonly FaultPlan[];
}

const CASES: Case[] = [
  { at: 'registering', slow: 'workflow.applicant.register' },
  { at: 'starting', slow: 'workflow.apply.submit' },
  { at: 'tracking.polling', slow: 'workflow.execution.status' },
  { at: 'tracking.identityDocument.submitting', slow: 'workflow.kyc.ocr' },
  { at: 'tracking.identityDocument.extracting' },
  { at: 'tracking.particulars.submitting', slow: 'workflow.kyc.particular.data' },
  { at: 'tracking.emailOtp.codeSent' },
  { at: 'tracking.emailOtp.verifying', slow: 'workflow.kyc.otp.verify' },
  { at: 'tracking.requiredDocuments.adding', slow: 'workflow.kyc.required.doc' },
  { at: 'tracking.requiredForms.submitting', slow: 'workflow.kyc.required.form' },
  {
    at: 'suspended',
    faults: [{ kind: 'http-500', method: 'workflow.kyc.liveness.data', times: 3 }],
  },
  { at: 'tracking.pendingReview', scenario: 'manual-review' },
];

/** Runs a flow until it first shows `at`, persists it there and stops it (a crash). */
async function persistAt(sandbox: Sandbox, test: Case, customer: ReturnType<typeof customerFor>) {
  const { flow } = flowFor(sandbox, customer, { retryLimit: 1 });
  hostFor(flow, { otpCode: OTP_CODE });
  let seen: FlowView | undefined;
  const reached = new Promise<PersistedFlow>((resolve) => {
    const off = flow.subscribe((view) => {
      if (view.state !== test.at || seen) return;
      seen = view;
      off();
      resolve(flow.persist());
    });
  });
  flow.start().send({ type: 'START' });
  const persisted = await reached;
  if (test.slow) {
    // Make sure the call really reached the gateway before the "crash".
    await expect.poll(() => sandbox.stats().calls[test.slow as string] ?? 0).toBeGreaterThan(0);
  }
  flow.stop();
  return { persisted, view: seen as FlowView };
}

describe('persist anywhere, restore into a fresh actor, finish once', () => {
  it.each(CASES.map((test) => [test.at, test] as const))(
    'restores a flow persisted in %s',
    async (_, test) => {
      const sandbox = await openSandbox({
        scenario: test.scenario ?? 'full',
        otpCode: OTP_CODE,
        faults: { rate: 0, slowMs: 40 },
      });
      if (test.slow) sandbox.injectFaults({ kind: 'slow', method: test.slow });
      for (const fault of test.faults ?? []) sandbox.injectFaults(fault);
      const customer = customerFor();
      const { persisted, view } = await persistAt(sandbox, test, customer);

      const text = JSON.stringify(persisted);
      expect(JSON.parse(text)).toEqual(persisted);
      expect(text).not.toContain(`"${OTP_CODE}"`);
      expect(persisted.version).toBe(1);

      // A fresh process: a new client, a new actor, only the persisted snapshot.
      const restored = flowFor(sandbox, customer, { snapshot: persisted });
      expect(restored.flow.getView().state).toBe(test.at);
      hostFor(restored.flow, { otpCode: OTP_CODE, retry: true });
      restored.flow.start();
      if (test.scenario === 'manual-review') {
        const review = await viewWhere(restored.flow, (next) => next.step === 'pendingReview');
        sandbox.admin.decideReview(review.executionId as string, 'APPROVED');
      }
      const outcome = await restored.flow.whenDone();
      expect(outcome).toMatchObject({ status: 'completed', decision: 'APPROVED' });
      if (view.executionId) expect(outcome).toMatchObject({ executionId: view.executionId });
      expectEachEffectOnce(sandbox);
      const rerun = test.slow && !/status|verify/.test(test.slow);
      if (rerun) {
        // The in-flight call ran again after restore and got the idempotent answer.
        expect(sandbox.stats().repeatsAnswered).toBeGreaterThan(0);
      }
      if (test.at === 'tracking.emailOtp.verifying') {
        // The code was not persisted: the restored flow asked for it again.
        expect(restored.states).toContain('tracking.emailOtp.codeSent');
        expect(restored.events).toContainEqual({
          type: 'error',
          error: expect.objectContaining({ code: 'OTP_CODE_REQUIRED' }),
        });
      }
    },
  );

  it('never writes the OTP code into a snapshot, even mid-verification', async () => {
    const sandbox = await openSandbox({ scenario: 'full', otpCode: OTP_CODE });
    sandbox.injectFaults({ kind: 'slow', method: 'workflow.kyc.otp.verify', times: 2 });
    const { flow } = flowFor(sandbox, customerFor());
    hostFor(flow, { otpCode: OTP_CODE });
    const snapshots: string[] = [];
    flow.subscribe(() => snapshots.push(JSON.stringify(flow.persist())));
    flow.start().send({ type: 'START' });
    await flow.whenDone();
    expect(snapshots.some((text) => text.includes('"verifying"'))).toBe(true);
    expect(snapshots.filter((text) => text.includes(`"${OTP_CODE}"`))).toEqual([]);
  });
});
