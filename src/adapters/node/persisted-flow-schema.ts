import * as z from 'zod';
import { EXECUTION_STATUSES, OTP_CHANNELS } from '../../services/wire/vocabulary.js';
import { ACTOR_INPUTS } from './actor-inputs.js';
import type { PersistedFlow } from './snapshot-store.js';
import {
  ACTOR_NAMES,
  FINAL_STATES,
  invokedActors,
  stateValueProblem,
  topState,
} from './state-value.js';

/**
 * What a persisted flow must hold before it is restored: the snapshot XState wrote (status,
 * a state of the chart, its actors) and the context fields the chart reads. Node only (zod
 * classic); browsers restore only what their own storage wrote. Extra fields pass, so a
 * newer build's additions do not make a file unreadable; contradictions do not: a final
 * state without an outcome, a tracked flow without an execution.
 */

const text = z.string().min(1, 'expected a non-empty string');
const count = z.number().int().nonnegative();
const time = z.number().finite();

const flowError = z.looseObject({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean().optional(),
  apiCode: z.number().optional(),
});

const outcome = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('completed'),
    // UNKNOWN: a COMPLETED execution whose decision is neither of the two known ones.
    decision: z.enum(['APPROVED', 'REJECTED', 'UNKNOWN']),
    executionId: text,
  }),
  z.looseObject({
    status: z.enum(['failed', 'timedOut', 'cancelled']),
    executionId: text.optional(),
    error: flowError.optional(),
  }),
]);

const context = z.looseObject({
  referenceId: text,
  customer: z.looseObject({
    customerId: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  customerId: text.optional(),
  executionId: text.optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
  node: z
    .looseObject({ nodeId: z.string(), nodeType: text, callbackKey: text })
    .nullable()
    .optional(),
  answered: z.array(z.string()),
  submission: z.looseObject({ callbackKey: text, event: z.looseObject({ type: text }) }).optional(),
  ocr: z.looseObject({ callbackKey: text, reads: count, submittedAt: time }).optional(),
  otp: z.looseObject({ channel: z.enum(OTP_CHANNELS), callbackKey: text, sends: count }).optional(),
  documents: z
    .looseObject({ callbackKey: text, added: z.array(z.string()), pending: z.array(z.unknown()) })
    .optional(),
  forms: z.looseObject({ callbackKey: text, submitted: z.array(z.string()) }).optional(),
  error: flowError.optional(),
  outcome: outcome.optional(),
  timing: z.looseObject({ pollAttempts: count, suspensions: count }),
  resumeTo: z.enum(['registering', 'starting', 'tracking']),
  polling: z.record(z.string(), z.number().finite().nonnegative()),
});

const child = z.looseObject({
  src: z.string().refine((name) => ACTOR_NAMES.has(name), 'not an actor of the chart'),
  snapshot: z.looseObject({}),
});

const snapshot = z
  .looseObject({
    // A flow is saved while it runs or once it is over; never errored or stopped.
    status: z.enum(['active', 'done']),
    value: z.unknown(),
    context,
    children: z.record(z.string(), child),
    historyValue: z.looseObject({}).optional(),
  })
  .superRefine((snapshot, ctx) => {
    const problem = stateValueProblem(snapshot.value);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
      return;
    }
    for (const issue of contradictions(snapshot)) ctx.addIssue({ code: 'custom', ...issue });
  });

type CheckedSnapshot = {
  status: string;
  value: unknown;
  context: z.infer<typeof context>;
  children: Record<string, z.infer<typeof child>>;
};

/** Fields that do not fit together, for a snapshot whose value is a state of the chart. */
function contradictions({ status, value, context, children }: CheckedSnapshot) {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const state = topState(value);
  const final = FINAL_STATES.has(state);
  if (final !== (status === 'done')) {
    issues.push({
      path: ['status'],
      message: `"${status}" does not fit the state "${state}"`,
    });
  }
  if (final && context.outcome === undefined) {
    issues.push({
      path: ['context', 'outcome'],
      message: `required in the final state "${state}"`,
    });
  } else if (final && context.outcome?.status !== state) {
    issues.push({
      path: ['context', 'outcome', 'status'],
      message: `"${String(context.outcome?.status)}" does not fit the final state "${state}"`,
    });
  }
  if ((state === 'starting' || state === 'tracking') && context.customerId === undefined) {
    issues.push({ path: ['context', 'customerId'], message: `required in "${state}"` });
  }
  if (state === 'tracking' && context.executionId === undefined) {
    issues.push({ path: ['context', 'executionId'], message: `required in "${state}"` });
  }
  return issues.concat(idleActors(value, children));
}

/**
 * The actors the state runs that the snapshot lacks, or holds as over: restored so, the flow
 * would wait for ever on an answer none of them gives; or whose input lacks what the actor
 * reads once restored (`ACTOR_INPUTS`).
 */
function idleActors(value: unknown, children: CheckedSnapshot['children']) {
  return invokedActors(value).flatMap(({ id, src }) => {
    const saved = Object.hasOwn(children, id) ? children[id] : undefined;
    const problem =
      saved === undefined
        ? 'missing'
        : saved.src !== src
          ? `"${saved.src}", not "${src}"`
          : saved.snapshot.status !== 'active'
            ? `${String(saved.snapshot.status)}, not active`
            : undefined;
    if (problem === undefined) return saved ? inputIssues(id, src, saved.snapshot.input) : [];
    return [
      {
        path: ['children', id],
        message: `${problem}: the state runs "${src}" here, and without it the flow would wait for ever`,
      },
    ];
  });
}

/** The first field the restored actor `src` would read from its input and not find. */
function inputIssues(id: string, src: string, input: unknown) {
  const result = ACTOR_INPUTS[src]?.safeParse(input);
  const issue = result?.success === false ? result.error.issues[0] : undefined;
  if (!issue) return [];
  return [
    {
      path: ['children', id, 'snapshot', 'input', ...issue.path],
      message: `${issue.message}: "${src}" reads it once restored`,
    },
  ];
}

const persistedFlow = z.object({ version: z.literal(1), snapshot });

/** A persisted flow that can be restored, or the first problem found, naming its field. */
export function checkPersistedFlow(
  value: unknown,
): { ok: true; persisted: PersistedFlow } | { ok: false; problem: string } {
  const result = persistedFlow.safeParse(value);
  if (result.success) return { ok: true, persisted: value as PersistedFlow };
  const [issue] = result.error.issues;
  const field = issue?.path.map(String).join('.') || '(root)';
  return { ok: false, problem: `${field}: ${issue?.message ?? 'invalid'}` };
}
