import type { MethodInput, MethodName } from '../../services/wire/methods.js';
import { NODE_TYPES, type OtpChannel } from '../../services/wire/vocabulary.js';
import { type Answer, ok, refuse } from '../answer.js';
import type { EngineContext, OtpNode } from '../engine-context.js';
import { type ArmedNode, completeNode } from '../execution.js';
import { isRefusal, notFound, readExecution, record, replay, waitingNode } from '../submission.js';

const channelOf = (node: ArmedNode): OtpChannel =>
  node.nodeType === NODE_TYPES.phoneOtp ? 'phone' : 'email';

const wrongChannel = (node: ArmedNode) =>
  refuse('API_INVALID_REQUEST', `type: this node verifies ${channelOf(node)}`);

type OtpInput = MethodInput<'workflow.kyc.otp.send'>;

/** The OTP node this call is for, waiting and on the right channel. */
function otpNode(ctx: EngineContext, method: MethodName, input: OtpInput) {
  const execution = readExecution(ctx, input.executionId);
  if (!execution) return notFound();
  const node = waitingNode(execution, input.callbackKey, method);
  if (isRefusal(node)) return node;
  if (input.type !== channelOf(node)) return wrongChannel(node);
  return execution;
}

/**
 * `workflow.kyc.otp.send`. Within the cooldown a repeat answers the same requestId (no
 * second code); after it, a send is a resend: a new requestId with fresh attempts, and the
 * earlier requestId no longer verifies. Once the node is verified, a send under its key
 * (a retry, a restored flow) only repeats the last answer.
 */
export function sendOtp(ctx: EngineContext, input: OtpInput): Answer {
  const method = 'workflow.kyc.otp.send';
  const now = ctx.now();
  const existing = ctx.store.otp.get(input.callbackKey);
  const mine = existing?.executionId === input.executionId ? existing : undefined;
  const current = mine?.current;
  if (current && (mine.verified || now < current.sentAt + ctx.settings.otpCooldownMs)) {
    ctx.counters.repeatsAnswered += 1;
    return ok(current.answer);
  }
  const found = otpNode(ctx, method, input);
  if (isRefusal(found)) return found;
  const otp: OtpNode = existing ?? {
    executionId: input.executionId,
    sends: 0,
    codes: new Map(),
    verified: false,
  };
  otp.sends += 1;
  const requestId = ctx.random.uuid();
  const answer = { requestId, cooldownSeconds: ctx.settings.otpCooldownMs / 1000 };
  const code = { requestId, sentAt: now, attemptsLeft: ctx.settings.otpMaxAttempts, answer };
  otp.current = code;
  otp.codes.set(requestId, code);
  ctx.store.otp.set(input.callbackKey, otp);
  return record(ctx, `${input.callbackKey}#send-${otp.sends}`, method, input.executionId, answer);
}

/**
 * `workflow.kyc.otp.verify`. The right code completes the node; a wrong one spends an
 * attempt of that requestId; once none are left, `OTP_LOCKED` until a resend. A repeat of
 * the same requestId and code answers the same and spends nothing.
 */
export function verifyOtp(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.otp.verify'>,
): Answer {
  const method = 'workflow.kyc.otp.verify';
  if (!readExecution(ctx, input.executionId)) return notFound();
  const key = `${input.callbackKey}#verify-${input.requestId}-${input.code}`;
  const repeat = replay(ctx, key, method, input.executionId);
  if (repeat) return repeat;
  const execution = otpNode(ctx, method, input);
  if (isRefusal(execution)) return execution;
  const otp = ctx.store.otp.get(input.callbackKey);
  const sent = otp?.executionId === input.executionId ? otp.codes.get(input.requestId) : undefined;
  if (!otp || !sent) {
    return refuse(
      'API_INVALID_REQUEST',
      'requestId: no code was sent under it for this node (call workflow.kyc.otp.send)',
    );
  }
  if (sent !== otp.current) {
    return refuse('API_INVALID_REQUEST', 'requestId: superseded by a resend; use the latest one');
  }
  if (sent.attemptsLeft <= 0) {
    return refuse(
      'OTP_LOCKED',
      'no attempts left for this code; send a new one after the cooldown',
    );
  }
  if (input.code === ctx.settings.otpCode) {
    otp.verified = true;
    ctx.store.executions.set(execution.executionId, completeNode(execution, ctx.now()));
    return record(ctx, key, method, input.executionId, { verified: true });
  }
  sent.attemptsLeft -= 1;
  return record(ctx, key, method, input.executionId, {
    verified: false,
    remainingAttempts: sent.attemptsLeft,
  });
}
