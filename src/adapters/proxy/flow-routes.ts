import { toPersistedFlow } from '../../machine/persist.js';
import { changeEntry } from './change-entry.js';
import { refuse } from './context.js';
import {
  answer,
  executionIn,
  type FlowCall,
  keptSnapshot,
  ownsExecution,
  slotOf,
} from './flow-call.js';
import { changeHandoff, driverOf, openLinkOf, readHandoff } from './handoff-state.js';
import { admitKeeping } from './kept-quota.js';
import { stringAt } from './ownership.js';

/** The longest storage key a page may name its flow by. */
const MAX_PAGE_KEY = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pageKeyIn = (call: FlowCall): string | undefined => {
  const key = stringAt(call.body, 'key');
  return key !== undefined && key.length <= MAX_PAGE_KEY ? key : undefined;
};

/**
 * Children as XState persists them: each a record, its own children likewise. Anything else
 * (a `null` child) is refused here rather than kept for a page that could not restore it.
 */
const wellFormedChildren = (children: unknown): boolean =>
  children === undefined ||
  (isRecord(children) &&
    Object.values(children).every(
      (child) =>
        isRecord(child) &&
        (child.snapshot === undefined ||
          (isRecord(child.snapshot) && wellFormedChildren(child.snapshot.children))),
    ));

/**
 * The snapshot to keep, as JSON: a kyc-flow snapshot of this execution, with the state value
 * and the context a page's restore requires (`fromPersistedFlow`), OTP codes removed.
 */
const snapshotToKeep = (call: FlowCall, executionId: string): string | 'invalid' | 'tooLarge' => {
  const given = call.body.snapshot;
  if (!isRecord(given) || given.version !== 1 || !isRecord(given.snapshot)) return 'invalid';
  const { context, value, children } = given.snapshot;
  if (!isRecord(context) || context.executionId !== executionId) return 'invalid';
  const valueIsState = typeof value === 'string' || isRecord(value);
  if (!valueIsState || !wellFormedChildren(children)) return 'invalid';
  // The chart keeps no code; a page of another make might: the proxy strips it again.
  const text = JSON.stringify(toPersistedFlow(given.snapshot));
  const bytes = new TextEncoder().encode(text).byteLength;
  return bytes > call.keeping.maxSnapshotBytes ? 'tooLarge' : text;
};

/** A flow not kept yet counts against its saver's quota; one kept already is only replaced. */
const keepingRefusal = async (call: FlowCall, execution: string) => {
  if ((await call.keeping.store.read(`flow:${execution}`)) !== undefined) return undefined;
  const admission = await admitKeeping(call, execution);
  if (admission === 'quota') return 'quotaExceeded' as const;
  return admission === 'full' ? ('bindingsFull' as const) : undefined;
};

const NOT_A_SNAPSHOT = 'snapshot: not a kyc-flow snapshot of this execution';

/**
 * `flow.save { executionId, key?, snapshot? }`: keeps the snapshot (sealed) for the one
 * who drives the execution: its owner, or the device it was handed to while that device's
 * lease runs (a save renews it; with no snapshot it only renews). With `key`, the owner's
 * page finds it again by that key (`flow.load`), from any tab.
 */
export const saveFlow = async (call: FlowCall): Promise<Response> => {
  const { context, keeping, caller, scope } = call;
  const named = await executionIn(call);
  if (!named) return refuse(context, scope, 'invalidBody', { shown: 'executionId' });
  const { executionId, execution } = named;
  const driver = driverOf(keeping, await readHandoff(keeping, execution));
  const owner = await ownsExecution(call, execution);
  if (driver === undefined ? !owner : driver !== caller.device) {
    return refuse(context, scope, owner ? 'drivenElsewhere' : 'foreignExecution');
  }
  if ('snapshot' in call.body) {
    const text = snapshotToKeep(call, executionId);
    if (text === 'invalid') return refuse(context, scope, 'invalidBody', { shown: NOT_A_SNAPSHOT });
    if (text === 'tooLarge') return refuse(context, scope, 'bodyTooLarge');
    const refusal = await keepingRefusal(call, execution);
    if (refusal) return refuse(context, scope, refusal);
    const sealed = await keeping.sealer.seal(text, execution);
    const written = await keeping.store.write(`flow:${execution}`, sealed, keeping.keepMs);
    if (written === 'full') return refuse(context, scope, 'bindingsFull');
  }
  const key = pageKeyIn(call);
  if (owner && key !== undefined && (await keySlot(call, execution, key)) === 'full') {
    // Kept but not findable by its key is a flow the page would lose: say so.
    return refuse(context, scope, 'bindingsFull');
  }
  if (driver !== undefined) await renewLease(call, execution);
  return answer({ kept: true });
};

const isSlot = (raw: string | undefined): raw is `slot:${string}` =>
  raw?.startsWith('slot:') === true;

/**
 * The page's `key` finds the kept flow of `execution`: named only while a flow is kept (which
 * counts against the caller's quota), and one key per execution (a new key replaces the
 * last), so a caller naming ever new keys holds no more of them than flows it keeps.
 */
const keySlot = async (
  call: FlowCall,
  execution: string,
  key: string,
): Promise<'written' | 'none' | 'full'> => {
  const { keeping } = call;
  if ((await keeping.store.read(`flow:${execution}`)) === undefined) return 'none';
  const slot = await slotOf(call, key);
  let replaced: string | undefined;
  const named = await changeEntry(keeping, `keyed:${execution}`, (raw) => {
    replaced = raw === slot ? undefined : raw;
    return slot;
  });
  if (named !== 'written') return 'full';
  if (isSlot(replaced)) await keeping.store.take(replaced);
  const written = await keeping.store.write(slot, execution, keeping.keepMs);
  return written === 'full' ? 'full' : 'written';
};

const renewLease = async (call: FlowCall, execution: string) => {
  const { keeping, caller } = call;
  const leaseMs = keeping.handoff?.leaseMs ?? 0;
  await changeHandoff(keeping, execution, (state) =>
    state.driver === caller.device ? { ...state, leaseUntil: keeping.now() + leaseMs } : undefined,
  );
};

/**
 * `flow.load { key? }`: the caller's kept flow under the page's `key`, or without a key
 * the one handed to this device (while it drives it); `null` when there is none for it.
 * Tells the owner's page whether another device drives it, of an open link, and how many
 * times another device took it over (`taken`).
 */
export const loadFlow = async (call: FlowCall): Promise<Response> => {
  const { keeping, caller } = call;
  const key = pageKeyIn(call);
  const execution =
    key === undefined
      ? await keeping.store.read(`grant:${caller.device}`)
      : await keeping.store.read(await slotOf(call, key));
  if (execution === undefined) return answer(null);
  const state = await readHandoff(keeping, execution);
  const driver = driverOf(keeping, state);
  const mine = key === undefined ? driver === caller.device : await ownsExecution(call, execution);
  const snapshot = mine ? await keptSnapshot(call, execution) : undefined;
  if (snapshot === undefined) return answer(null);
  return answer({
    snapshot,
    drivenElsewhere: driver !== undefined && driver !== caller.device,
    ...(openLinkOf(keeping, state) === undefined ? {} : { linkExpiresAt: state.linkUntil }),
    ...(state.steps ? { steps: state.steps } : {}),
    taken: state.taken ?? 0,
  });
};

/**
 * `flow.forget { key }`: the page's flow is over or started again: the key no longer finds
 * it, and unless another device drives it, the kept snapshot and its handoff go too.
 */
export const forgetFlow = async (call: FlowCall): Promise<Response> => {
  const { context, keeping, scope } = call;
  const key = pageKeyIn(call);
  if (key === undefined) return refuse(context, scope, 'invalidBody', { shown: 'key' });
  const execution = await keeping.store.take(await slotOf(call, key));
  if (execution !== undefined && (await ownsExecution(call, execution))) {
    await keeping.store.take(`keyed:${execution}`);
    if (driverOf(keeping, await readHandoff(keeping, execution)) === undefined) {
      await keeping.store.take(`flow:${execution}`);
      await keeping.store.take(`handoff:${execution}`);
    }
  }
  return answer({ forgotten: true });
};
