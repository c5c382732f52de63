import type { ExecutionAnswer, ExecutionState } from './records.js';
import { EXECUTION_STATUSES, type ExecutionStatus, NODE_TYPES } from './vocabulary.js';

/**
 * The tolerant reader's fallbacks, every one in this file: what the client assumes when an
 * answer leaves out (or spells differently) a field the vendor's guide does not show. The
 * guide shows the statuses, `currentNode.nodeType` and the result; the rest of the answers'
 * shapes is our assumption (BRIEF, "What the docs do not say"), so it is optional here.
 *
 * Plain functions, no schema: the browser's plain codec applies the same ones as the
 * server's zod codec, and neither ships a second copy.
 */

/** A status as the flow reads it: a documented one, or any other word the gateway sent. */
export type ReadStatus = ExecutionStatus | (string & {});

const KNOWN_STATUSES = new Set<string>(EXECUTION_STATUSES);

export const isKnownStatus = (status: string): status is ExecutionStatus =>
  KNOWN_STATUSES.has(status);

/** FALLBACK status: read case-insensitively (`running` is RUNNING); an unknown word is kept. */
export const readStatus = (status: string): ReadStatus => status.trim().toUpperCase();

/** FALLBACK `workflow.apply.submit` without `status`: the execution was just created. */
export const STARTED_STATUS: ExecutionStatus = 'CREATED';

/** The decision of a COMPLETED execution, as the flow reports it. */
export type ReadDecision = 'APPROVED' | 'REJECTED' | 'UNKNOWN';

/**
 * FALLBACK decision: `APPROVED` or `REJECTED` in any case (`approved`); anything else, or
 * none, is `UNKNOWN`. Never REJECTED unless the gateway said so.
 */
export function readDecision(decision: unknown): ReadDecision {
  if (typeof decision !== 'string') return 'UNKNOWN';
  const word = decision.trim().toUpperCase();
  return word === 'APPROVED' || word === 'REJECTED' ? word : 'UNKNOWN';
}

/**
 * The customer a register registered: the one we sent, whatever the answer names (the guide
 * starts the workflow with the customerId sent to register). An answer naming another (a
 * cache that mixed answers up, an id of the gateway's own) must neither start the workflow
 * for, nor bind the caller to, someone else. FALLBACK: a register by email alone takes the
 * one the answer names.
 */
export const registeredCustomerId = (
  answered: string | undefined,
  sent: string | undefined,
): string | undefined => sent || answered || undefined;

/** FALLBACK `workflow.execution.status` without `executionId`: the one we asked about. */
export const answeredExecutionId = (answered: string | undefined, asked: string): string =>
  answered === undefined || answered === '' ? asked : answered;

/**
 * The word the guide's callbackKeys carry per node type (`kyc:ocr:...`, `kyc:email:...`), in
 * the order of `NODE_TYPES`; a type not listed there is `node`.
 */
const CALLBACK_KEY_WORDS =
  'ocr particular liveness email phone required_doc required_form screen review';
const words = new Map(
  Object.values(NODE_TYPES).map((type, index) => [
    type as string,
    CALLBACK_KEY_WORDS.split(' ')[index],
  ]),
);

/** `kyc:<word>:<executionId>:<ref>`, as the guide's examples spell callbackKeys. */
export const callbackKeyFor = (nodeType: string, executionId: string, ref: string | number) =>
  `kyc:${words.get(nodeType) ?? 'node'}:${executionId}:${ref}`;

/**
 * FALLBACK callbackKey, for a node the gateway sends without one: `kyc:<word>:<executionId>:<nodeId>`;
 * without a nodeId either, `<n>` for the `n`th node of that word the flow answers. A node that
 * waits again under a key the flow already answered is a new round of it (a retake):
 * `<nodeId>#2`, `#3`, … so that its answer is not taken for a repeat of the first.
 */
export function fallbackCallbackKey(
  node: { readonly nodeType: string; readonly nodeId?: string | undefined },
  executionId: string,
  answered: readonly string[],
): string {
  const done = new Set(answered);
  if (node.nodeId === undefined || node.nodeId === '') {
    const prefix = callbackKeyFor(node.nodeType, executionId, '');
    const rounds = answered.filter((key) => key.startsWith(prefix)).length;
    return `${prefix}${rounds + 1}`;
  }
  const key = callbackKeyFor(node.nodeType, executionId, node.nodeId);
  let round = 1;
  while (done.has(round === 1 ? key : `${key}#${round}`)) round += 1;
  return round === 1 ? key : `${key}#${round}`;
}

/**
 * A status answer completed with what the flow knows: the executionId it asked about, and a
 * callbackKey for a node sent without one (`fallbackCallbackKey`). Everything else, unknown
 * fields included, stays as the gateway sent it.
 */
export function trackedExecution(
  answer: ExecutionAnswer,
  asked: string,
  answered: readonly string[],
): ExecutionState {
  const executionId = answeredExecutionId(answer.executionId, asked);
  const node = answer.currentNode;
  if (!node) return { ...answer, executionId, currentNode: node };
  const callbackKey =
    node.callbackKey === undefined || node.callbackKey === ''
      ? fallbackCallbackKey(node, executionId, answered)
      : node.callbackKey;
  return { ...answer, executionId, currentNode: { ...node, callbackKey } };
}
