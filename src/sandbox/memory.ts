import * as z from 'zod/mini';
import type { DocumentType } from '../services/wire/vocabulary.js';
import {
  type Customer,
  createStore,
  type OcrJob,
  type OtpCode,
  type Store,
  type StoredAnswer,
} from './engine-context.js';
import type { Execution } from './execution.js';
import type { Timing } from './timing.js';

type Entries<V> = ReadonlyArray<readonly [string, V]>;

/** An OTP node as JSON: its codes as entries. */
interface OtpNodeMemory {
  readonly executionId: string;
  readonly sends: number;
  readonly current?: OtpCode;
  readonly verified: boolean;
  readonly codes: Entries<OtpCode>;
}

/**
 * What a sandbox remembers, as plain JSON: its customers, executions and the answers that
 * make repeats idempotent. A sandbox started from it carries on those executions, on the
 * wall clock (an OCR due while it was down is done when it is read). Counters (`stats()`)
 * start afresh.
 */
export interface SandboxMemory {
  readonly version: 1;
  readonly customers: readonly Customer[];
  /** email → customerId: the first customer registered with it. */
  readonly customersByEmail: Entries<string>;
  readonly starts: Entries<string>;
  /** Each execution without its timing, which is the sandbox's own (its speed). */
  readonly executions: ReadonlyArray<Omit<Execution, 'timing'>>;
  readonly answers: Entries<StoredAnswer>;
  readonly ocrJobs: Entries<OcrJob>;
  readonly documents: Entries<readonly DocumentType[]>;
  readonly forms: Entries<readonly string[]>;
  readonly otp: Entries<OtpNodeMemory>;
}

/** The store as JSON (a deep copy: the store goes on changing). */
export function rememberStore(store: Store): SandboxMemory {
  const memory: SandboxMemory = {
    version: 1,
    customers: [...store.customers.values()],
    customersByEmail: [...store.customersByEmail].map(([email, { customerId }]) => [
      email,
      customerId,
    ]),
    starts: [...store.starts],
    executions: [...store.executions.values()].map(({ timing: _, ...execution }) => execution),
    answers: [...store.answers],
    ocrJobs: [...store.ocrJobs],
    documents: [...store.documents].map(([key, types]) => [key, [...types]]),
    forms: [...store.forms].map(([key, ids]) => [key, [...ids]]),
    otp: [...store.otp].map(([key, node]) => [key, { ...node, codes: [...node.codes] }]),
  };
  return JSON.parse(JSON.stringify(memory)) as SandboxMemory;
}

/** A store from what a sandbox remembered; its executions run on `timing`. */
export function restoreStore(memory: SandboxMemory, timing: Timing): Store {
  const store = createStore();
  for (const customer of memory.customers) store.customers.set(customer.customerId, customer);
  for (const [email, customerId] of memory.customersByEmail) {
    const customer = store.customers.get(customerId);
    if (customer) store.customersByEmail.set(email, customer);
  }
  for (const [key, executionId] of memory.starts) store.starts.set(key, executionId);
  for (const execution of memory.executions) {
    store.executions.set(execution.executionId, { ...execution, timing });
  }
  for (const [key, answer] of memory.answers) store.answers.set(key, answer);
  for (const [key, job] of memory.ocrJobs) store.ocrJobs.set(key, job);
  for (const [key, types] of memory.documents) store.documents.set(key, new Set(types));
  for (const [key, ids] of memory.forms) store.forms.set(key, new Set(ids));
  for (const [key, node] of memory.otp) {
    const codes = new Map(node.codes);
    // The current code is one of the node's codes, the same object (its attempts count down).
    const current = node.current && codes.get(node.current.requestId);
    store.otp.set(key, { ...node, codes, ...(current ? { current } : {}) });
  }
  return store;
}

const entries = <T extends z.core.SomeType>(value: T) => z.array(z.tuple([z.string(), value]));
const stamp = z.number().check(z.refine(Number.isFinite));

const PHASE = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('running'), until: stamp }),
  z.looseObject({ kind: z.literal('waiting'), since: stamp }),
  z.looseObject({
    kind: z.literal('processing'),
    until: stamp,
    next: z.enum(['complete', 'rearm']),
  }),
  z.looseObject({ kind: z.literal('ended'), at: stamp }),
]);

const OTP_CODE = z.looseObject({ requestId: z.string(), sentAt: stamp, attemptsLeft: stamp });

/** What the engine reads of a memory, checked: a damaged file is refused, not half run. */
const SANDBOX_MEMORY = z.looseObject({
  version: z.literal(1),
  customers: z.array(z.looseObject({ customerId: z.string() })),
  customersByEmail: entries(z.string()),
  starts: entries(z.string()),
  executions: z.array(
    z.looseObject({
      executionId: z.string(),
      customerId: z.string(),
      referenceId: z.string(),
      scenario: z.looseObject({ name: z.string(), steps: z.array(z.looseObject({})) }),
      seed: stamp,
      step: stamp,
      arms: stamp,
      phase: PHASE,
      ocrFailuresLeft: stamp,
      livenessFailed: z.boolean(),
    }),
  ),
  answers: entries(z.looseObject({ method: z.string(), executionId: z.optional(z.string()) })),
  ocrJobs: entries(z.looseObject({ executionId: z.string(), readyAt: stamp, failed: z.boolean() })),
  documents: entries(z.array(z.string())),
  forms: entries(z.array(z.string())),
  otp: entries(
    z.looseObject({
      executionId: z.string(),
      sends: stamp,
      verified: z.boolean(),
      codes: entries(OTP_CODE),
    }),
  ),
});

/**
 * Why `value` is not a `SandboxMemory` (the first field at fault, named by its path), or
 * undefined when it is one.
 */
export function sandboxMemoryIssue(value: unknown): string | undefined {
  const result = z.safeParse(SANDBOX_MEMORY, value);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/** Whether `value` is what a sandbox remembered. */
export const isSandboxMemory = (value: unknown): value is SandboxMemory =>
  sandboxMemoryIssue(value) === undefined;
