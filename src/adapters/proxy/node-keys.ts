import { isRecord } from '../../services/envelope.js';
import { callbackKeyFor } from '../../services/wire/fallbacks.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { BindingKey } from './binding-types.js';
import type { ProxyContext } from './context.js';
import { stringAt } from './ownership.js';

/*
 * A submission's callbackKey must be one its own execution's status reads showed. The
 * execution is the caller's (`admitExecution`), but the key beside it is the vendor's
 * format, and a gateway that took a key for the node it names, whatever execution the call
 * names, would let a caller who learnt another's key (a log, a shared screen, a key that
 * spells its execution's id) answer that customer's node. The proxy relays every status
 * read, and notes each node it shows before the page can see it, so a page only ever holds
 * noted keys: those of the nodes before stay noted, and a late repeat of a taken answer
 * gets its gateway's answer.
 */

/** A node that came with its callbackKey. */
const shownKey = (callbackKey: string) => `node:${callbackKey}`;

/**
 * A node that came without one: the page derives its key (`fallbackCallbackKey`), spelled
 * `kyc:<word>:<executionId>:…` for the execution the call names, so every key so spelled for
 * this execution and that node's word is its own.
 */
const derivedPrefix = (prefix: string) => `keyless:${prefix}`;

/** `kyc:<word>:<executionId>:` when `callbackKey` is spelled as a derived key for `executionId`. */
const derivedPrefixOf = (callbackKey: string, executionId: string): string | undefined => {
  const word = /^kyc:([^:]+):/.exec(callbackKey)?.[1];
  const prefix = `kyc:${word}:${executionId}:`;
  return word !== undefined && callbackKey.startsWith(prefix) ? prefix : undefined;
};

const noted = async (context: ProxyContext, execution: BindingKey, shown: string) =>
  context.bindings.admitIdentity(execution, {
    identity: await context.identityDigest(shown),
    named: false,
    limit: 0,
  });

/**
 * Whether a call's callbackKey names a node its execution showed: `admitted`, `over` (it
 * did not), `unknown` (no such execution is remembered). A call without one passes.
 */
export const admitCallbackKey = async (
  context: ProxyContext,
  execution: BindingKey,
  executionId: string,
  body: unknown,
): Promise<'admitted' | 'over' | 'unknown'> => {
  const callbackKey = stringAt(body, 'callbackKey');
  if (callbackKey === undefined) return 'admitted';
  const outcome = await noted(context, execution, shownKey(callbackKey));
  const prefix = derivedPrefixOf(callbackKey, executionId);
  if (outcome !== 'over' || prefix === undefined) return outcome;
  return noted(context, execution, derivedPrefix(prefix));
};

/**
 * Notes the node a status answer shows (`currentNode`, as relayed: the first of a list), by
 * its callbackKey or, without one, by the prefix of the keys the page derives for it.
 * Called before the answer is relayed: a store that fails fails the read, never a later
 * submission of a key the page holds.
 */
export const noteShownNode = async (
  context: ProxyContext,
  method: MethodName,
  execution: BindingKey | undefined,
  executionId: string | undefined,
  data: unknown,
): Promise<void> => {
  if (method !== 'workflow.execution.status' || execution === undefined) return;
  const node = isRecord(data) ? data.currentNode : undefined;
  const nodeType = stringAt(node, 'nodeType');
  const callbackKey = stringAt(node, 'callbackKey');
  const shown =
    callbackKey !== undefined
      ? shownKey(callbackKey)
      : nodeType !== undefined && executionId !== undefined
        ? derivedPrefix(callbackKeyFor(nodeType, executionId, ''))
        : undefined;
  if (shown === undefined) return;
  await context.bindings.admitIdentity(execution, {
    identity: await context.identityDigest(shown),
    named: true,
    limit: context.quotas.otpIdentitiesPerExecution,
  });
};
