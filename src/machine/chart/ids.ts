import type { AnswerableKind, NodeStep } from '../routing.js';
import type { FlowOutcome } from '../types.js';

// The absolute targets of the chart: the one place where its state paths are spelled out.

/** The chart's id: every absolute target is `#kyc.<path>`. */
export const CHART_ID = 'kyc';

const at = (...path: string[]) => `#${CHART_ID}.${path.join('.')}`;

export const POLLING = at('tracking', 'polling');
export const SUSPENDED = at('suspended');
export const NEEDS_ATTENTION = at('needsAttention');

/** A final state, named like the outcome's status. */
export const finalState = (status: FlowOutcome['status']) => at(status);

/** A node's state, or a state inside it. */
export const nodeState = (step: NodeStep, ...inner: string[]) => at('tracking', step, ...inner);

/** Where a node's held answer is sent from (again, after a suspension). */
export const sendingState = (kind: AnswerableKind) =>
  nodeState(kind, kind === 'emailOtp' || kind === 'phoneOtp' ? 'sending' : 'submitting');
