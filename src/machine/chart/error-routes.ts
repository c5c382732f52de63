import type { FlowContext } from '../context.js';
import type { ErrorDisposition } from '../flow-error.js';
import { NEEDS_ATTENTION, POLLING, SUSPENDED } from './ids.js';

/** The host's input refused with the failed call's error, told. */
export const rejected = ['reject' as const, 'tellError' as const];

export const errorIs = (is: ErrorDisposition) => ({ type: 'errorIs' as const, params: { is } });

/** Transient trouble with the retry budget spent: wait, keeping everything, then `resumeTo`. */
export const toSuspended = (resumeTo: FlowContext['resumeTo']) => ({
  target: SUSPENDED,
  actions: [{ type: 'suspend' as const, params: { resumeTo } }, 'tellSuspended' as const],
});

/** Nothing the flow can do by itself helps: wait, keeping everything, for RETRY. */
export const toNeedsAttention = (resumeTo: FlowContext['resumeTo']) => ({
  target: NEEDS_ATTENTION,
  actions: [
    { type: 'needAttention' as const, params: { resumeTo } },
    'tellNeedsAttention' as const,
  ],
});

/**
 * Trouble that is nobody's input: credentials refused stop the flow at once (the host's
 * configuration), and so does a call that changes something (start, a submission) answered
 * with apiCode 200 in a shape that breaks the contract (`answeredBroken`: sent again, it
 * would be answered the same, or begin a second execution). A read's answer that breaks
 * the contract is read again (`suspended`) until it has done so `CONTRACT_READS` times in
 * a row, as is an answer that is no envelope at all; a transient one suspends.
 */
export const troubleRoutes = (resumeTo: FlowContext['resumeTo']) => [
  { guard: errorIs('credentialsRefused'), ...toNeedsAttention(resumeTo) },
  { guard: 'answeredBroken' as const, ...toNeedsAttention(resumeTo) },
  { guard: 'contractGivesUp' as const, ...toNeedsAttention(resumeTo) },
  { guard: errorIs('contractBroken'), ...toSuspended(resumeTo) },
  { guard: errorIs('transient'), ...toSuspended(resumeTo) },
];

/**
 * Where a failed call for the waiting node goes when its input is not at fault: the node
 * moved on, or the execution is said to be gone → ask where we are (a status read that
 * does not find the execution either needs attention: one call's word is not taken for
 * the customer's outcome); trouble → as above; a refusal that may be of a repeat
 * (`resent`) → ask first, the trouble cleared, so that a refusal after that read is
 * the input's.
 */
export const movedOnRoutes = [
  { guard: errorIs('nodeMoved'), target: POLLING },
  { guard: errorIs('executionGone'), target: POLLING },
  ...troubleRoutes('tracking'),
  // Last: only a refusal gets here.
  { guard: 'resent' as const, target: POLLING, actions: 'expectNode' as const },
];

/** …and anything else is the input's fault: back to `backTo` with the error, for the host. */
export const submitErrorRoutes = (backTo: string) => [
  ...movedOnRoutes,
  { target: backTo, actions: rejected },
];

/**
 * Register and start: trouble suspends (to try the same step again); a refusal (a customer
 * the gateway already has, an execution already in progress, an input it does not take)
 * needs attention, keeping everything. It is no verdict: `failed` is the workflow's word.
 */
export const startupErrors = (resumeTo: FlowContext['resumeTo']) => [
  ...troubleRoutes(resumeTo),
  toNeedsAttention(resumeTo),
];
