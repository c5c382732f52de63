import { ID_LIMITS } from '../../services/wire/id-limits.js';
import type { AdmittedCaller, CallScope, ProxyContext } from './context.js';
import { jsonTextProblem } from './duplicate-keys.js';
import { jsonResponse } from './envelope.js';
import type { FlowKeeping } from './flow-keeping.js';
import { stringAt } from './ownership.js';

/** One call of a flow route (`flow.*`, `handoff.*`), its body read and checked as an object. */
export interface FlowCall {
  readonly context: ProxyContext;
  readonly keeping: FlowKeeping;
  readonly caller: AdmittedCaller;
  readonly scope: CallScope;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * How deep a kept flow's JSON may nest: a persisted flow (its context, its children's
 * snapshots) stays well within it; deeper is no flow of ours.
 */
const MAX_FLOW_DEPTH = 64;

/** The body as a JSON object, or `undefined` when it is none (repeats a key, nests too deep). */
export const readObject = (bytes: Uint8Array): Record<string, unknown> | undefined => {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    return jsonTextProblem(text, MAX_FLOW_DEPTH, 'any')
      ? undefined
      : (body as Record<string, unknown>);
  } catch {
    return undefined;
  }
};

/** A success in the gateway's envelope. */
export const answer = (data: unknown): Response =>
  jsonResponse(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), 200);

/** The execution the body names, and its digest (what the stores know it by). */
export const executionIn = async (call: FlowCall) => {
  const executionId = stringAt(call.body, 'executionId');
  if (executionId === undefined || executionId.length > ID_LIMITS.executionId) return undefined;
  return { executionId, execution: await call.context.digest(executionId) };
};

/** Whether the caller started the execution (`execution` is its digest) and it is live. */
export const ownsExecution = async (call: FlowCall, execution: string): Promise<boolean> => {
  const binding = await call.context.bindings.lookup(`execution:${execution}`);
  return binding?.live === true && binding.owner === call.caller.owner;
};

/** Where a caller's saved flow under the page's `key` is: a digest of both. */
export const slotOf = async (call: FlowCall, key: string) =>
  `slot:${await call.context.digest(`${call.caller.owner}\n${key}`)}` as const;

/** The kept snapshot of an execution, opened; `undefined` if none (or it does not open). */
export const keptSnapshot = async (call: FlowCall, execution: string): Promise<unknown> => {
  const sealed = await call.keeping.store.read(`flow:${execution}`);
  if (sealed === undefined) return undefined;
  const text = await call.keeping.sealer.open(sealed, execution);
  return text === undefined ? undefined : JSON.parse(text);
};
