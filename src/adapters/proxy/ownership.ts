import type { MethodName } from '../../services/wire/methods.js';
import type { ExecutionBindings, ProxyCaller, ProxyRefusal } from './types.js';

/** What a call acts on, and so what the caller must own. */
export type CallSubject =
  | { readonly kind: 'register'; readonly customerId: string | undefined }
  | { readonly kind: 'start'; readonly customerId: string | undefined }
  | { readonly kind: 'execution'; readonly executionId: string | undefined };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringAt = (value: unknown, key: string): string | undefined => {
  if (!isRecord(value)) return undefined;
  const found = value[key];
  return typeof found === 'string' && found !== '' ? found : undefined;
};

export const subjectOf = (method: MethodName, body: unknown): CallSubject => {
  switch (method) {
    case 'workflow.applicant.register':
      return { kind: 'register', customerId: stringAt(body, 'customerId') };
    case 'workflow.apply.submit':
      return {
        kind: 'start',
        customerId: isRecord(body) ? stringAt(body.data, 'customerId') : undefined,
      };
    default:
      // Every other method of the flow names the execution it acts on.
      return { kind: 'execution', executionId: stringAt(body, 'executionId') };
  }
};

const claimCustomer = async (
  bindings: ExecutionBindings,
  caller: ProxyCaller,
  customerId: string | undefined,
): Promise<ProxyRefusal | undefined> => {
  if (caller.customerId !== undefined && customerId !== caller.customerId) return 'foreignCustomer';
  if (customerId === undefined) return undefined;
  const owner = await bindings.set(`customer:${customerId}`, caller.callerId);
  return owner === caller.callerId ? undefined : 'foreignCustomer';
};

/**
 * Checked before the call is forwarded. A customerId is claimed by the first caller who
 * registers or starts it; an execution must already be bound to the caller (an unknown
 * executionId is as foreign as another caller's).
 */
export const admit = async (
  bindings: ExecutionBindings,
  caller: ProxyCaller,
  subject: CallSubject,
): Promise<ProxyRefusal | undefined> => {
  if (subject.kind !== 'execution') return claimCustomer(bindings, caller, subject.customerId);
  if (subject.executionId === undefined) return 'foreignExecution';
  const owner = await bindings.get(`execution:${subject.executionId}`);
  return owner === caller.callerId ? undefined : 'foreignExecution';
};

/**
 * Checked on a successful answer: the customer the gateway registered (an email-only
 * registration names it only now) and the execution it started become the caller's.
 */
export const bindAnswer = async (
  bindings: ExecutionBindings,
  caller: ProxyCaller,
  subject: CallSubject,
  data: unknown,
): Promise<ProxyRefusal | undefined> => {
  switch (subject.kind) {
    case 'register': {
      const customerId = stringAt(data, 'customerId');
      if (customerId === undefined || customerId === subject.customerId) return undefined;
      return claimCustomer(bindings, caller, customerId);
    }
    case 'start': {
      const executionId = stringAt(data, 'executionId');
      if (executionId === undefined) return undefined;
      const owner = await bindings.set(`execution:${executionId}`, caller.callerId);
      return owner === caller.callerId ? undefined : 'foreignExecution';
    }
    default:
      return undefined;
  }
};
