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
 * Whether an OTP send may go to its `identity`. Each code is a message the host pays for
 * (an SMS above all): an execution's codes go to what its nodes name, or to at most
 * `quotas.otpIdentitiesPerExecution` others (the customer's phone, a corrected typo), so
 * that a caller cannot have the gateway text strangers' numbers.
 */
export const admitOtpIdentity = async (
  context: ProxyContext,
  execution: BindingKey,
  body: unknown,
): Promise<'admitted' | 'over' | 'unknown'> => {
  const identity = stringAt(body, 'identity');
  // The contract's check requires one; without it, nothing is sent anywhere.
  if (identity === undefined) return 'admitted';
  return context.bindings.admitIdentity(execution, {
    identity: await identityDigest(context, identity),
    named: false,
    limit: context.quotas.otpIdentitiesPerExecution,
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
