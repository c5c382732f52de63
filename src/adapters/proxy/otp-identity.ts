import { isRecord, type ValidationReport } from '../../services/envelope.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { BindingKey } from './binding-types.js';
import type { ProxyContext } from './context.js';
import { stringAt } from './ownership.js';

/**
 * One spelling per recipient, so that a number written with spaces or dashes counts once:
 * an email address ignoring case, a phone number without its separators.
 */
const normalised = (identity: string): string => {
  const plain = identity.trim().toLowerCase();
  return plain.includes('@') ? plain : plain.replace(/[\s\-().]/g, '');
};

const identityDigest = (context: ProxyContext, identity: string) =>
  context.identityDigest(`otp:${normalised(identity)}`);

/**
 * Refused like a body that breaks the contract, naming the field: the page already words
 * that for the customer ("Please check the email address or mobile number"), and the flow
 * asks for another identity instead of sending again.
 */
export const IDENTITY_REFUSAL: ValidationReport = {
  direction: 'request',
  issues: [
    {
      field: 'identity',
      message:
        'expected an email address or phone number this verification uses (its nodes name it, or it had codes sent there, up to quotas.otpIdentitiesPerExecution)',
    },
  ],
};

/**
 * A verify names the identity its code went to, and a gateway that verified the code by its
 * requestId alone would mark as verified whatever identity the call names: one the customer
 * never got a code at. Refused the same way, naming the field.
 */
export const VERIFY_IDENTITY_REFUSAL: ValidationReport = {
  direction: 'request',
  issues: [
    {
      field: 'identity',
      message:
        'expected the email address or phone number this verification sent the code to (its nodes name it, or it had codes sent there)',
    },
  ],
};

export const isOtpCall = (
  method: MethodName,
): method is 'workflow.kyc.otp.send' | 'workflow.kyc.otp.verify' =>
  method === 'workflow.kyc.otp.send' || method === 'workflow.kyc.otp.verify';

/**
 * Whether an OTP send may go to its `identity` (`sends`), or a verify may name it. Each code
 * is a message the host pays for (an SMS above all): an execution's codes go to what its
 * nodes name, or to at most `quotas.otpIdentitiesPerExecution` others (the customer's phone,
 * a corrected typo), so that a caller cannot have the gateway text strangers' numbers. A
 * verify names one of those, counting nothing (`limit: 0`).
 */
export const admitOtpIdentity = async (
  context: ProxyContext,
  execution: BindingKey,
  body: unknown,
  sends: boolean,
): Promise<'admitted' | 'over' | 'unknown'> => {
  const identity = stringAt(body, 'identity');
  // The contract's check requires one; without it, nothing is sent anywhere.
  if (identity === undefined) return 'admitted';
  return context.bindings.admitIdentity(execution, {
    identity: await identityDigest(context, identity),
    named: false,
    limit: sends ? context.quotas.otpIdentitiesPerExecution : 0,
  });
};

const recordAt = (value: unknown, key: string): unknown =>
  isRecord(value) ? value[key] : undefined;

/**
 * Notes the identity a status answer's waiting node names (`currentNode.config.identity`):
 * the gateway's own word, so codes may go there without counting against the limit.
 */
export const noteNamedIdentity = async (
  context: ProxyContext,
  method: MethodName,
  execution: BindingKey | undefined,
  data: unknown,
): Promise<void> => {
  if (method !== 'workflow.execution.status' || execution === undefined) return;
  const named = stringAt(recordAt(recordAt(data, 'currentNode'), 'config'), 'identity');
  if (named === undefined) return;
  const identity = await identityDigest(context, named);
  const limit = context.quotas.otpIdentitiesPerExecution;
  await context.bindings.admitIdentity(execution, { identity, named: true, limit });
};
