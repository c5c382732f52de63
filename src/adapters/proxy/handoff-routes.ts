import { refuse } from './context.js';
import { answer, executionIn, type FlowCall, keptSnapshot, ownsExecution } from './flow-call.js';
import {
  changeHandoff,
  driverOf,
  type HandoffState,
  openLinkOf,
  readHandoff,
} from './handoff-state.js';
import { stringAt } from './ownership.js';

/** 256 random bits, base64url: 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** The steps a page may ask the other device to take: a few of its own names. */
const STEP_SHAPE = /^[A-Za-z]{1,40}$/;
const MAX_STEPS = 16;

const newToken = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const stepsIn = (body: FlowCall['body']): readonly string[] | undefined | 'invalid' => {
  const { steps } = body;
  if (steps === undefined) return undefined;
  const valid =
    Array.isArray(steps) &&
    steps.length <= MAX_STEPS &&
    steps.every((step) => typeof step === 'string' && STEP_SHAPE.test(step));
  return valid ? (steps as string[]) : 'invalid';
};

/** What a link's token stands for, kept under `link:<token digest>` until it expires. */
interface LinkEntry {
  /** The execution's digest. */
  readonly flow: string;
  /** The digest of the caller who made the link (the execution's owner). */
  readonly from: string;
  /** The device it was made on (`AdmittedCaller.device`), when not the caller's own digest. */
  readonly by?: string;
  /** The digest of the maker's customer of record, when `authorize` named one. */
  readonly customer?: string;
  readonly until: number;
}

/** The digest of the customer `authorize` named for a caller, if it named one. */
const customerOf = async (call: FlowCall): Promise<string | undefined> => {
  const { customerId } = call.caller;
  return customerId === undefined ? undefined : call.context.digest(customerId);
};

const readLink = async (call: FlowCall, link: string): Promise<LinkEntry | undefined> => {
  const raw = await call.keeping.store.read(`link:${link}`);
  try {
    const entry = raw === undefined ? undefined : (JSON.parse(raw) as Partial<LinkEntry>);
    const { flow, from, by, customer, until } = entry ?? {};
    if (typeof flow === 'string' && typeof from === 'string' && typeof until === 'number') {
      return {
        flow,
        from,
        until,
        ...(typeof by === 'string' ? { by } : {}),
        ...(typeof customer === 'string' ? { customer } : {}),
      };
    }
  } catch {
    // Not a link this proxy wrote: refused like any other.
  }
  return undefined;
};

const MAKERS_OWN =
  "opened by the maker's own session (two devices signed in as one user are told apart only by the sessionId authorize returns)";

/** What stays of an execution's handoff once its link and its other device are gone. */
const leftAfter = ({ steps, taken }: HandoffState): HandoffState => ({
  ...(steps ? { steps } : {}),
  ...(taken ? { taken } : {}),
});

/** Ends the device's grant on the execution, if it is still that one. */
const dropGrant = async (call: FlowCall, device: string, execution: string) => {
  const key = `grant:${device}` as const;
  if ((await call.keeping.store.read(key)) === execution) await call.keeping.store.take(key);
};

/**
 * `handoff.create { executionId, steps? }`: a one-time link for the owner's execution,
 * whose flow is kept: a random token (256 bits) that expires after `linkTtlMs`, replacing
 * any link open for it. Answers `{ token, expiresAt, taken }` (`taken`: how many times
 * another device took the flow over so far); the page builds the address.
 */
export const createLink = async (call: FlowCall): Promise<Response> => {
  const { context, keeping, caller, scope } = call;
  const named = await executionIn(call);
  const steps = stepsIn(call.body);
  if (!named || steps === 'invalid') {
    return refuse(context, scope, 'invalidBody', { shown: 'executionId, steps' });
  }
  const { execution } = named;
  if (!(await ownsExecution(call, execution))) return refuse(context, scope, 'foreignExecution');
  if ((await keeping.store.read(`flow:${execution}`)) === undefined) {
    return refuse(context, scope, 'invalidBody', { shown: 'no kept flow: save it first' });
  }
  const token = newToken();
  const link = await context.digest(token);
  const ttl = keeping.handoff?.linkTtlMs ?? 0;
  const until = keeping.now() + ttl;
  let replaced: string | undefined;
  const next = await changeHandoff(keeping, execution, (state) => {
    if (driverOf(keeping, state) !== undefined) return undefined;
    replaced = state.link;
    return { ...leftAfter(state), link, linkUntil: until, ...(steps ? { steps } : {}) };
  });
  if (next === 'full') return refuse(context, scope, 'bindingsFull');
  if (!next) return refuse(context, scope, 'drivenElsewhere');
  if (replaced !== undefined) await keeping.store.take(`link:${replaced}`);
  const customer = await customerOf(call);
  const entry: LinkEntry = {
    flow: execution,
    from: caller.owner,
    ...(caller.device !== caller.owner && { by: caller.device }),
    until,
    ...(customer && { customer }),
  };
  const kept = await keeping.store.write(`link:${link}`, JSON.stringify(entry), ttl);
  // A token whose link was not kept could never be redeemed: no token at all.
  if (kept === 'full') return refuse(context, scope, 'bindingsFull');
  return answer({ token, expiresAt: until, taken: next.taken ?? 0 });
};

/**
 * `handoff.redeem { token }`: the device that opened the link takes the execution over,
 * once: the link is spent, the device (its own session) is granted that one execution and
 * drives it while its lease runs. Every refusal is the same answer, whatever the reason
 * (unknown, spent, expired, replaced, revoked, the maker's own session): the reason goes
 * to the host's `onError` only.
 */
export const redeemLink = async (call: FlowCall): Promise<Response> => {
  const { context, keeping, caller, scope } = call;
  const refused = (reason: string) => refuse(context, scope, 'handoffRefused', { detail: reason });
  const token = stringAt(call.body, 'token');
  if (token === undefined || !TOKEN_SHAPE.test(token)) return refused('not a token');
  const link = await context.digest(token);
  const entry = await readLink(call, link);
  if (!entry) return refused('unknown, spent or revoked');
  if (entry.until <= keeping.now()) return refused('expired');
  if ((entry.by ?? entry.from) === caller.device) return refused(MAKERS_OWN);
  // A session signed in as another customer is not this customer's phone: a link someone
  // planted (sent from their own verification) must not take her documents into theirs.
  const customer = await customerOf(call);
  if (customer !== undefined && entry.customer !== undefined && customer !== entry.customer) {
    return refused("opened by another customer's session");
  }
  const binding = await context.bindings.lookup(`execution:${entry.flow}`);
  if (!binding?.live || binding.owner !== entry.from) return refused('the execution moved on');
  const snapshot = await keptSnapshot(call, entry.flow);
  if (snapshot === undefined) return refused('no kept flow');
  if ((await keeping.store.take(`link:${link}`)) === undefined) return refused('spent meanwhile');
  const leaseMs = keeping.handoff?.leaseMs ?? 0;
  const taken = await changeHandoff(keeping, entry.flow, (state) =>
    openLinkOf(keeping, state) === link
      ? {
          ...leftAfter(state),
          driver: caller.device,
          leaseUntil: keeping.now() + leaseMs,
          taken: (state.taken ?? 0) + 1,
        }
      : undefined,
  );
  if (taken === 'full') return refuse(context, scope, 'bindingsFull');
  if (!taken) return refused('replaced or revoked');
  const granted = await keeping.store.write(`grant:${caller.device}`, entry.flow, keeping.keepMs);
  if (granted === 'full') {
    // Without its grant the device could not call: the owner keeps the flow.
    await changeHandoff(keeping, entry.flow, (state) =>
      state.driver === caller.device ? leftAfter(state) : undefined,
    );
    return refuse(context, scope, 'bindingsFull');
  }
  // Taken back while the grant was written: the revoke found no grant to drop, so this
  // device must not keep one, nor be handed the customer's flow.
  if ((await readHandoff(keeping, entry.flow)).driver !== caller.device) {
    await dropGrant(call, caller.device, entry.flow);
    return refused('revoked meanwhile');
  }
  return answer({ snapshot, steps: taken.steps ?? [], leaseMs });
};

/**
 * `handoff.revoke { executionId }`: the owner takes the execution back: the open link is
 * spent, and the device it was handed to loses it at once (its next call is refused).
 */
export const revokeLink = async (call: FlowCall): Promise<Response> => {
  const { context, keeping, scope } = call;
  const named = await executionIn(call);
  if (!named) return refuse(context, scope, 'invalidBody', { shown: 'executionId' });
  const { execution } = named;
  if (!(await ownsExecution(call, execution))) return refuse(context, scope, 'foreignExecution');
  let before: HandoffState = {};
  const revoked = await changeHandoff(keeping, execution, (state) => {
    before = state;
    return leftAfter(state);
  });
  if (revoked === 'full') return refuse(context, scope, 'bindingsFull');
  if (before.link !== undefined) await keeping.store.take(`link:${before.link}`);
  if (before.driver !== undefined) await dropGrant(call, before.driver, execution);
  return answer({ revoked: true });
};

/** `handoff.return { executionId }`: the device that drives it hands the execution back. */
export const returnFlow = async (call: FlowCall): Promise<Response> => {
  const { context, keeping, caller, scope } = call;
  const named = await executionIn(call);
  if (!named) return refuse(context, scope, 'invalidBody', { shown: 'executionId' });
  const { execution } = named;
  const returned = await changeHandoff(keeping, execution, (state) =>
    state.driver === caller.device ? leftAfter(state) : undefined,
  );
  if (returned === 'full') return refuse(context, scope, 'bindingsFull');
  if (!returned) return refuse(context, scope, 'foreignExecution');
  await dropGrant(call, caller.device, execution);
  return answer({ returned: true });
};
