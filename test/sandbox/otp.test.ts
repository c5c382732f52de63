import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATEWAY_CODES, WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import { bodies, type Harness, harness, refOf } from './harness.js';

describe('OTP nodes', () => {
  let h: Harness;
  let ref: ReturnType<typeof refOf>;
  beforeEach(async () => {
    h = await harness({
      scenario: { name: 'otp-only', steps: ['emailOtp', 'phoneOtp'], outcome: 'APPROVED' },
    });
    const executionId = await h.begin('C_otp', { email: 'john@example.com' });
    const state = await h.settle(executionId);
    expect(state.currentNode).toMatchObject({
      nodeType: 'flow_action_validate_email',
      config: { identity: 'john@example.com' },
    });
    ref = refOf(state);
  });
  afterEach(() => h.sandbox.close());

  const send = () =>
    h.client.data<{ requestId: string; cooldownSeconds: number }>(
      'workflow.kyc.otp.send',
      bodies.otpSend(ref),
    );
  const verify = (requestId: string, code: string) =>
    h.client.call('workflow.kyc.otp.verify', bodies.otpVerify(ref, requestId, code));

  it('a wrong code answers not verified with the attempts left, then OTP_LOCKED', async () => {
    const { requestId } = await send();
    expect((await verify(requestId, '000001')).data).toEqual({
      verified: false,
      remainingAttempts: 2,
    });
    expect((await verify(requestId, '000002')).data).toEqual({
      verified: false,
      remainingAttempts: 1,
    });
    expect((await verify(requestId, '000003')).data).toEqual({
      verified: false,
      remainingAttempts: 0,
    });
    const locked = await verify(requestId, '123456');
    expect(locked).toMatchObject({ apiCode: WORKFLOW_CODES.OTP_LOCKED, data: null });
    expect((await h.status(ref.executionId)).currentNode?.callbackKey).toBe(ref.callbackKey);
  });

  it('repeating the same wrong code spends one attempt, not two', async () => {
    const { requestId } = await send();
    await verify(requestId, '000001');
    expect((await verify(requestId, '000001')).data).toEqual({
      verified: false,
      remainingAttempts: 2,
    });
    expect((await verify(requestId, '000009')).data).toEqual({
      verified: false,
      remainingAttempts: 1,
    });
  });

  it('a send within the cooldown answers the same requestId; after it, a resend with fresh attempts', async () => {
    const first = await send();
    expect(first.cooldownSeconds).toBe(30);
    h.clock.tick(29_000);
    expect((await send()).requestId).toBe(first.requestId);
    for (const code of ['000001', '000002', '000003']) await verify(first.requestId, code);
    expect((await verify(first.requestId, '123456')).apiCode).toBe(WORKFLOW_CODES.OTP_LOCKED);

    h.clock.tick(1_000);
    const resent = await send();
    expect(resent.requestId).not.toBe(first.requestId);
    const superseded = await verify(first.requestId, '123456');
    expect(superseded.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(superseded.apiMsg).toContain('requestId');
    expect((await verify(resent.requestId, '000004')).data).toEqual({
      verified: false,
      remainingAttempts: 2,
    });
    expect((await verify(resent.requestId, '123456')).data).toEqual({ verified: true });

    const stats = h.sandbox.stats();
    expect(stats.effects[`${ref.callbackKey}#send-1`]).toBe(1);
    expect(stats.effects[`${ref.callbackKey}#send-2`]).toBe(1);
    expect(stats.effects[`${ref.callbackKey}#send-3`]).toBeUndefined();
  });

  it('the right code completes the node and moves on to the phone OTP, which has no identity in config', async () => {
    const { requestId } = await send();
    expect((await verify(requestId, '123456')).data).toEqual({ verified: true });
    const next = await h.settle(ref.executionId);
    expect(next.currentNode?.nodeType).toBe('flow_action_validate_phone');
    expect(next.currentNode?.config?.identity).toBeUndefined();
    expect(next.currentNode?.callbackKey).toMatch(
      new RegExp(`^kyc:phone:${ref.executionId}:\\d+$`),
    );
  });

  it('refuses a verify before any send, and the wrong channel', async () => {
    const early = await verify('550e8400-e29b-41d4-a716-446655440000', '123456');
    expect(early.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    const phone = await h.client.call(
      'workflow.kyc.otp.send',
      bodies.otpSend(ref, 'phone', '+6591234567'),
    );
    expect(phone.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(phone.apiMsg).toContain('type');
  });

  it('honours otpCode, otpMaxAttempts and otpCooldownMs (divided by speed)', async () => {
    await h.sandbox.close();
    h = await harness({
      scenario: 'full',
      speed: 10,
      otpCode: '4321',
      otpMaxAttempts: 1,
      otpCooldownMs: 5_000,
    });
    const executionId = await h.begin('C_custom', { email: 'john@example.com' });
    let state = await h.settle(executionId);
    await h.client.data('workflow.kyc.ocr', bodies.ocr(refOf(state)));
    state = await h.settle(executionId);
    await h.client.data('workflow.kyc.particular.data', bodies.particulars(refOf(state)));
    state = await h.settle(executionId);
    await h.client.data('workflow.kyc.liveness.data', bodies.liveness(refOf(state)));
    state = await h.settle(executionId);
    ref = refOf(state);
    const first = await send();
    expect(first.cooldownSeconds).toBe(0.5);
    expect((await verify(first.requestId, '123456')).data).toEqual({
      verified: false,
      remainingAttempts: 0,
    });
    h.clock.tick(500);
    const second = await send();
    expect(second.requestId).not.toBe(first.requestId);
    expect((await verify(second.requestId, '4321')).data).toEqual({ verified: true });
  });
});
