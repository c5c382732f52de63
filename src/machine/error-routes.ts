import type { FlowContext } from './context.js';
import type { ErrorDisposition } from './flow-error.js';

export const errorIs = (is: ErrorDisposition) => ({ type: 'errorIs' as const, params: { is } });

/** The flow ends `failed`, with the error of the actor that failed. */
export const toFailed = {
  target: '#kyc.failed',
  actions: { type: 'settle' as const, params: { status: 'failed' as const } },
};

/** Transient trouble with the retry budget spent: wait, keeping everything, then `resumeTo`. */
export const toSuspended = (resumeTo: FlowContext['resumeTo']) => ({
  target: '#kyc.suspended',
  actions: { type: 'suspend' as const, params: { resumeTo } },
});

/**
 * Where a failed call for the waiting node goes when its input is not at fault: the node
 * moved on → ask where we are; the execution is gone → failed; transient → suspended.
 */
export const movedOnRoutes = [
  { guard: errorIs('nodeMoved'), target: '#kyc.tracking.polling' },
  { guard: errorIs('executionGone'), ...toFailed },
  { guard: errorIs('transient'), ...toSuspended('tracking') },
];

/** …and anything else is the input's fault: back to `backTo` with the error, for the host. */
export const submitErrorRoutes = (backTo: string) => [
  ...movedOnRoutes,
  { target: backTo, actions: 'reject' as const },
];
