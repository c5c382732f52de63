import { registeredCustomerId } from '../../services/wire/fallbacks.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { BindingKey, BindOutcome } from './binding-types.js';
import type { AdmittedCaller, ProxyContext } from './context.js';
import { foldCustomerId } from './customer-fold.js';
import { admitDriver } from './driver-admission.js';
import type { ProxyRefusal } from './types.js';

/** What a call acts on, and so what the caller must own. */
export type CallSubject =
  | { readonly kind: 'register'; readonly customerId: string | undefined }
  | { readonly kind: 'start'; readonly customerId: string | undefined }
  | { readonly kind: 'execution'; readonly executionId: string | undefined };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const stringAt = (value: unknown, key: string): string | undefined => {
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

/** Folded: a case variant of a claimed customer is the claimer's (`foldCustomerId`). */
const customerKey = async (context: ProxyContext, customerId: string): Promise<BindingKey> =>
  `customer:${await context.digest(foldCustomerId(customerId))}`;

const executionKey = async (context: ProxyContext, executionId: string): Promise<BindingKey> =>
  `execution:${await context.digest(executionId)}`;

/** What a bind that did not bind means to the caller. */
export const refusalFor = (
  outcome: BindOutcome,
  foreign: 'foreignCustomer' | 'foreignExecution',
): ProxyRefusal | undefined => {
  switch (outcome) {
    case 'bound':
      return undefined;
    case 'quota':
      return 'quotaExceeded';
    case 'full':
      return 'bindingsFull';
    default:
      return foreign;
  }
};

type CustomerAdmission =
  | { readonly refusal: ProxyRefusal }
  /** Whether the call, if the gateway accepts it, binds something new to the caller. */
  | { readonly refusal?: undefined; readonly bindsNew: boolean };

/**
 * Whether the caller may act on this customer: the one `authorize` named, or (opted into
 * `'first-caller'`) one this caller registered, or for a register one nobody holds.
 */
const admitCustomer = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  subject: { readonly kind: 'register' | 'start'; readonly customerId: string | undefined },
): Promise<CustomerAdmission> => {
  const starts = subject.kind === 'start';
  if (subject.customerId === undefined) {
    return { refusal: starts ? 'foreignCustomer' : 'customerIdRequired' };
  }
  // A customer the host names always wins, whatever the proxy claims for other callers.
  if (context.claimCustomers === 'never' || caller.customerId !== undefined) {
    return subject.customerId === caller.customerId
      ? { bindsNew: starts }
      : { refusal: 'foreignCustomer' };
  }
  const binding = await context.bindings.lookup(await customerKey(context, subject.customerId));
  if (binding === undefined && starts) return { refusal: 'foreignCustomer' };
  if (binding !== undefined && binding.owner !== caller.owner)
    return { refusal: 'foreignCustomer' };
  return { bindsNew: starts || !binding?.live };
};

/**
 * Checked before the call is forwarded, so that nothing of a refused call reaches the
 * gateway and nothing is bound on the caller's word alone: binding waits for the gateway's
 * answer (`bindAnswer`). An execution must be bound to the caller and live: an unknown,
 * expired or foreign one is refused alike. A call that would bind something new is
 * refused when the caller already holds her quota.
 */
export const admit = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  subject: CallSubject,
): Promise<ProxyRefusal | undefined> => {
  if (subject.kind === 'execution') return admitExecution(context, caller, subject.executionId);
  const admission = await admitCustomer(context, caller, subject);
  if (admission.refusal) return admission.refusal;
  if (!admission.bindsNew) return undefined;
  const held = await context.bindings.held(caller.owner);
  return held >= context.quotas.bindingsPerCaller ? 'quotaExceeded' : undefined;
};

export const admitExecution = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  executionId: string | undefined,
): Promise<ProxyRefusal | undefined> => {
  if (executionId === undefined) return 'foreignExecution';
  const execution = await context.digest(executionId);
  const binding = await context.bindings.lookup(`execution:${execution}`);
  return binding?.live
    ? admitDriver(context, caller, execution, binding.owner)
    : 'foreignExecution';
};

/**
 * After the gateway's successful answer: what it accepted becomes the caller's. In
 * 'first-caller', the customer it registered (or that a start used: it comes back to
 * life); always, the execution a start answered with. A bind can still be refused (a
 * concurrent caller won, the quota filled, an old execution came back): the answer is
 * then withheld.
 */
export const bindAnswer = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  subject: CallSubject,
  data: unknown,
): Promise<ProxyRefusal | undefined> => {
  if (subject.kind === 'execution') return undefined;
  const bind = (key: BindingKey, customer?: BindingKey) =>
    context.bindings.bind(key, {
      owner: caller.owner,
      quota: context.quotas.bindingsPerCaller,
      ...(customer ? { customer } : {}),
    });
  let customer: BindingKey | undefined;
  // A gateway that does not echo the customerId registered the one sent (the reader's fallback).
  const customerId =
    subject.kind === 'register'
      ? registeredCustomerId(stringAt(data, 'customerId'), subject.customerId)
      : subject.customerId;
  if (context.claimCustomers === 'first-caller' && customerId !== undefined) {
    customer = await customerKey(context, customerId);
    const refusal = refusalFor(await bind(customer), 'foreignCustomer');
    if (refusal) return refusal;
  }
  if (subject.kind === 'register') return undefined;
  const executionId = stringAt(data, 'executionId');
  if (executionId === undefined) return 'foreignExecution';
  return refusalFor(
    await bind(await executionKey(context, executionId), customer),
    'foreignExecution',
  );
};
