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
  | {
      readonly refusal?: undefined;
      /** Whether the call, if the gateway accepts it, binds something new to the caller. */
      readonly bindsNew: boolean;
      /** A customer nobody holds, which a register must claim before the gateway hears of it. */
      readonly unclaimed?: BindingKey;
    };

/** A call let through, and the customer it claimed on its way (released when it ends). */
export type Admission =
  | { readonly refusal: ProxyRefusal }
  | { readonly refusal?: undefined; readonly claimed?: BindingKey };

/**
 * How long a register's claim holds past the gateway's deadline: the answer is checked and
 * bound within it. A claim outlives its register only when an instance died mid-call.
 */
const CLAIM_MARGIN_MS = 30_000;

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
  const key = await customerKey(context, subject.customerId);
  const binding = await context.bindings.lookup(key);
  if (binding === undefined && starts) return { refusal: 'foreignCustomer' };
  if (binding !== undefined && binding.owner !== caller.owner)
    return { refusal: 'foreignCustomer' };
  return { bindsNew: starts || !binding?.live, ...(binding ? {} : { unclaimed: key }) };
};

/**
 * Claims a customer nobody holds for the caller, atomically, before its register goes to
 * the gateway: of two callers registering one new id at once, the second is refused here,
 * as if the first had bound it already, and the gateway hears of the first alone.
 */
const claimCustomer = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  key: BindingKey,
): Promise<Admission> => {
  const forMs = context.upstream.timeoutMs + CLAIM_MARGIN_MS;
  const outcome = await context.bindings.claim?.(key, { owner: caller.owner, forMs });
  if (outcome === undefined) throw new Error('the bindings store has no claim');
  if (outcome === 'taken') return { refusal: 'foreignCustomer' };
  return outcome === 'full' ? { refusal: 'bindingsFull' } : { claimed: key };
};

/** Ends a call's claim (its register failed, or the customer is bound now). */
export const releaseClaim = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  admission: Admission,
): Promise<void> => {
  const claimed = admission.refusal === undefined ? admission.claimed : undefined;
  if (claimed === undefined) return;
  try {
    await context.bindings.release?.(claimed, caller.owner);
  } catch {
    // A claim that is not released lapses on its own, a little later.
  }
};

/**
 * Checked before the call is forwarded, so that nothing of a refused call reaches the
 * gateway and nothing is bound on the caller's word alone: binding waits for the gateway's
 * answer (`bindAnswer`); a register of a customer nobody holds claims it meanwhile. An execution must be bound to the caller and live: an unknown,
 * expired or foreign one is refused alike. A call that would bind something new is
 * refused when the caller already holds her quota.
 */
export const admit = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  subject: CallSubject,
): Promise<Admission> => {
  if (subject.kind === 'execution') {
    const refusal = await admitExecution(context, caller, subject.executionId);
    return refusal ? { refusal } : {};
  }
  const admission = await admitCustomer(context, caller, subject);
  if (admission.refusal) return admission;
  if (admission.bindsNew) {
    const held = await context.bindings.held(caller.owner);
    if (held >= context.quotas.bindingsPerCaller) return { refusal: 'quotaExceeded' };
  }
  return admission.unclaimed === undefined
    ? {}
    : claimCustomer(context, caller, admission.unclaimed);
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
