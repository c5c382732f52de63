import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExecutionWire } from './guide-flow.js';
import { bodies, type Harness, harness, refOf } from './harness.js';

describe('idempotent repeats', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.sandbox.close());

  const maxEffect = () => Math.max(...Object.values(h.sandbox.stats().effects));

  /** Calls twice; both answers must be the same 200 envelope. */
  const twice = async (api: string, payload: unknown) => {
    const first = await h.client.call(api, payload);
    const second = await h.client.call(api, payload);
    expect(first.apiCode, `${api}: ${first.apiMsg}`).toBe(200);
    expect(second, api).toEqual(first);
    return first.data as Record<string, unknown>;
  };

  it('register: the same customerId or email is the same customer, created once', async () => {
    await twice('workflow.applicant.register', { customerId: 'C_1', email: 'one@example.com' });
    const byEmail = await twice('workflow.applicant.register', { email: 'two@example.com' });
    const again = await h.client.data('workflow.applicant.register', { email: 'two@example.com' });
    expect(again).toEqual(byEmail);
    const stats = h.sandbox.stats();
    expect(stats.registrations).toBe(2);
    expect(stats.repeatsAnswered).toBe(3);
    expect(maxEffect()).toBe(1);
  });

  it('start: the same customer and referenceId answer the same executionId, started once', async () => {
    await h.client.data('workflow.applicant.register', { customerId: 'C_1' });
    const start = {
      eventType: 'KYC_EVENT',
      source: 'API',
      data: { customerId: 'C_1', referenceId: 'r-1' },
    };
    const first = await h.client.data<{ executionId: string }>('workflow.apply.submit', start);
    const second = await h.client.data<{ executionId: string }>('workflow.apply.submit', start);
    expect(second.executionId).toBe(first.executionId);
    const other = await h.client.data<{ executionId: string }>('workflow.apply.submit', {
      ...start,
      data: { customerId: 'C_1', referenceId: 'r-2' },
    });
    expect(other.executionId).not.toBe(first.executionId);
    expect(h.sandbox.stats().starts).toBe(2);
    expect(h.sandbox.stats().repeatsAnswered).toBe(1);
  });

  it('every submission of the full flow, repeated, answers the same with one effect, even after the node moved on', async () => {
    const executionId = await h.begin('C_full', { email: 'john@example.com' });
    const repeatsBefore = h.sandbox.stats().repeatsAnswered;
    const at = async (nodeType: string): Promise<ExecutionWire> => {
      const state = await h.settle(executionId);
      expect(state.currentNode?.nodeType).toBe(nodeType);
      return state;
    };
    const replays: Array<[string, unknown, Record<string, unknown>]> = [];
    const submit = async (api: string, payload: unknown) => {
      const data = await twice(api, payload);
      replays.push([api, payload, data]);
      return data;
    };

    let ref = refOf(await at('flow_action_identity_document'));
    await submit('workflow.kyc.ocr', bodies.ocr(ref));
    ref = refOf(await at('flow_action_individual_particular'));
    await submit('workflow.kyc.particular.data', bodies.particulars(ref));
    ref = refOf(await at('flow_action_liveness_test'));
    await submit('workflow.kyc.liveness.data', bodies.liveness(ref));
    for (const [nodeType, type] of [
      ['flow_action_validate_email', 'email'],
      ['flow_action_validate_phone', 'phone'],
    ] as const) {
      ref = refOf(await at(nodeType));
      const identity = type === 'email' ? 'john@example.com' : '+6591234567';
      const sent = await submit('workflow.kyc.otp.send', bodies.otpSend(ref, type, identity));
      await submit(
        'workflow.kyc.otp.verify',
        bodies.otpVerify(ref, String(sent.requestId), '123456', type),
      );
    }
    ref = refOf(await at('flow_action_individual_required_document'));
    await submit('workflow.kyc.required.doc', bodies.doc(ref, 'UTILITY_TELEPHONE_BILL'));
    await submit('workflow.kyc.required.doc', bodies.doc(ref, 'BANK_STATEMENT', false));
    await submit('workflow.kyc.required.doc.submit', ref);
    ref = refOf(await at('flow_action_individual_required_forms'));
    await submit('workflow.kyc.required.form', bodies.form(ref));

    const done = await h.settle(executionId);
    expect(done).toMatchObject({ status: 'COMPLETED', result: { decision: 'APPROVED' } });
    // Every call once more, now that the execution is over: still the first answer.
    for (const [api, payload, data] of replays) {
      expect(await h.client.data(api, payload), api).toEqual(data);
    }
    const stats = h.sandbox.stats();
    expect(stats.repeatsAnswered - repeatsBefore).toBe(replays.length * 2);
    expect(maxEffect()).toBe(1);
    const keys = Object.keys(stats.effects);
    expect(keys.filter((key) => key.endsWith('#UTILITY_TELEPHONE_BILL'))).toHaveLength(1);
    expect(keys.filter((key) => key.endsWith('#BANK_STATEMENT'))).toHaveLength(1);
  });
});
