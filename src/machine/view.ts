import type { SnapshotFrom } from 'xstate';
import { missingDocuments, missingForms } from './context.js';
import { kycFlowMachine } from './machine.js';
import { isNodeStep } from './routing.js';
import { toStatePath } from './to-state-path.js';
import type { FlowStep, FlowView, HostEventType, StateMeta } from './types.js';

export type FlowSnapshot = SnapshotFrom<typeof kycFlowMachine>;

/** What the active states say about themselves, merged: each names its own part. */
const metaOf = (snapshot: FlowSnapshot): StateMeta =>
  Object.assign({}, ...Object.values(snapshot.getMeta()));

/** The meta of the state at a dotted path, its ancestors' included (read from the chart). */
function metaAt(state: string): StateMeta {
  const meta: StateMeta = {};
  let node = kycFlowMachine.root;
  for (const key of state.split('.')) {
    const child = node.states[key];
    if (!child) break;
    Object.assign(meta, child.meta);
    node = child;
  }
  return meta;
}

/** The step of a dotted state path, as the chart names it: `tracking.emailOtp.codeSent` → `emailOtp`. */
export const stepOf = (state: string): FlowStep => metaAt(state).step ?? 'idle';

/** The host events the flow waits for in `state` (empty while it works by itself). */
export const expectedEvents = (state: string): readonly HostEventType[] =>
  metaAt(state).expects ?? [];

/** The view of a snapshot: pure, plain data, no internals. */
export function toFlowView(snapshot: FlowSnapshot): FlowView {
  const { context } = snapshot;
  const meta = metaOf(snapshot);
  // Every state of the chart names its step (test/machine/state-meta.test.ts).
  const step = meta.step as FlowStep;
  const done = snapshot.status === 'done';
  const notBefore = step === 'suspended' && context.timing.notBefore;
  return {
    state: toStatePath(snapshot.value),
    step,
    referenceId: context.referenceId,
    ...(context.executionId === undefined ? {} : { executionId: context.executionId }),
    ...(context.customerId === undefined ? {} : { customerId: context.customerId }),
    ...(isNodeStep(step) && context.node ? { node: context.node } : {}),
    ...nodeViews(snapshot, step),
    ...(context.error ? { error: context.error } : {}),
    ...(notBefore ? { notBefore } : {}),
    ...(context.outcome ? { outcome: context.outcome } : {}),
    expects: done ? [] : (meta.expects ?? []),
    done,
  };
}

/** What the view shows of the node's own progress: OCR, OTP, documents, forms. */
function nodeViews({ context }: FlowSnapshot, step: FlowStep): Partial<FlowView> {
  const { ocr, otp, documents } = context;
  return {
    ...(ocr ? { ocr: { status: ocr.status, ...pick(ocr, ['result', 'reason']) } } : {}),
    ...((step === 'emailOtp' || step === 'phoneOtp') && otp
      ? {
          otp: {
            channel: otp.channel,
            sends: otp.sends,
            ...pick(otp, ['identity', 'sentAt', 'resendAvailableAt', 'remainingAttempts']),
          },
        }
      : {}),
    ...(step === 'requiredDocuments'
      ? {
          documents: {
            added: [...(documents?.added ?? [])],
            missing: missingDocuments(context),
            pending: (documents?.pending ?? []).map((doc) => doc.docType),
          },
        }
      : {}),
    ...(step === 'requiredForms'
      ? {
          forms: {
            submitted: [...(context.forms?.submitted ?? [])],
            missing: missingForms(context),
          },
        }
      : {}),
  };
}

function pick<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}
