import { afterEach } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/index.js';
import type { FlowOutcome, PersistedFlow } from '../../src/machine/types.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient, type GatewayClient } from '../../src/services/index.js';
import { type HostOptions, hostFromView } from './view-host.js';

/** Sandbox durations ÷ this (OCR 50–150 ms); the flows' polling runs as fast. */
export const SPEED = 100;
export const POLLING = { timeScale: SPEED };

const open: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
});

const start = (options: SandboxOptions) =>
  startSandbox({
    speed: SPEED,
    seed: 11,
    // A `slow` answer keeps a call in flight this long (÷ speed: 600 ms).
    faults: { rate: 0, slowMs: 60_000 },
    ...options,
  });

/** A sandbox closed after the current test. */
export const openSandbox = async (options: SandboxOptions = {}): Promise<Sandbox> => {
  const sandbox = await start(options);
  open.push(sandbox);
  return sandbox;
};

/** A sandbox of its own for `work`, closed when it is done (safe in concurrent tests). */
export async function withSandbox<T>(
  options: SandboxOptions,
  work: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await start(options);
  try {
    return await work(sandbox);
  } finally {
    await sandbox.close();
  }
}

export const clientFor = (sandbox: Sandbox): GatewayClient =>
  createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
    retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 20 },
    timeoutMs: 5_000,
  });

let serial = 0;
/** A customer of its own (so its effects can be told apart), forced into `scenario`. */
export const customerFor = (scenario: string) => {
  serial += 1;
  const id = `${process.pid}x${serial}`;
  return {
    customerId: `C_${id}+${scenario}`,
    email: `u${id}@example.com`,
    phone: '+6590000000',
    referenceId: `ref-${id}`,
  };
};
export type TestCustomer = ReturnType<typeof customerFor>;

/** How each built-in scenario ends when the host answers everything (review: REJECTED). */
export const EXPECTED: Record<string, Partial<FlowOutcome>> = {
  full: { status: 'completed', decision: 'APPROVED' },
  minimal: { status: 'completed', decision: 'APPROVED' },
  'manual-review': { status: 'completed', decision: 'REJECTED' },
  rejected: { status: 'completed', decision: 'REJECTED' },
  failed: { status: 'failed' },
  timeout: { status: 'timedOut' },
  cancelled: { status: 'cancelled' },
  'ocr-failure': { status: 'completed', decision: 'APPROVED' },
  screened: { status: 'completed', decision: 'APPROVED' },
  'unknown-node': { status: 'completed', decision: 'APPROVED' },
};

/** Screening that lasts long enough (at a slower sandbox) for a poll to be caught in it. */
export const SCREENED = {
  name: 'screened',
  steps: ['particulars', 'screenCheck'],
  outcome: 'APPROVED',
} as const;

/** A node type the client does not know, between two it answers; an operator lets it pass. */
export const UNKNOWN_NODE = {
  name: 'unknown-node',
  steps: ['particulars', 'flow_action_video_call', 'liveness'],
  outcome: 'APPROVED',
} as const;

export interface DriveOptions extends HostOptions {
  readonly snapshot?: PersistedFlow;
  /** Called on every state the flow enters, in order, before the host acts on it. */
  readonly onState?: (state: string, flow: KycFlow) => void;
}

/**
 * Creates (or restores) a flow for `customer`, answers it from its view as a host would,
 * decides a manual review (REJECTED) and lets a node it does not know pass (APPROVED) as an
 * operator would, and returns the flow with the promise of its outcome.
 */
export function drive(
  sandbox: Sandbox,
  customer: TestCustomer,
  options: DriveOptions = {},
): { flow: KycFlow; done: Promise<FlowOutcome>; states: string[]; stop: () => void } {
  const flow = createKycFlow({
    client: clientFor(sandbox),
    customer,
    polling: POLLING,
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  });
  const states: string[] = [];
  let decided = false;
  const seen = (state: string) => {
    if (states.at(-1) !== state) {
      states.push(state);
      options.onState?.(state, flow);
    }
    const view = flow.getView();
    const othersTurn = view.step === 'pendingReview' || view.step === 'unknownNode';
    if (othersTurn && view.executionId && !decided) {
      decided = true;
      try {
        const decision = view.step === 'pendingReview' ? 'REJECTED' : 'APPROVED';
        sandbox.admin.decideReview(view.executionId, decision);
      } catch {
        // Decided already, before this flow was restored.
      }
    }
  };
  const unsubscribe = flow.subscribe((view) => seen(view.state));
  flow.start();
  seen(flow.getView().state);
  const stopHost = hostFromView(flow, options);
  const stop = () => {
    stopHost();
    unsubscribe();
    flow.stop();
  };
  const done = flow.whenDone().finally(() => stop());
  return { flow, done, states, stop };
}

/** Every effect the sandbox applied for one customer's flow (keys carry the ids). */
export function effectsOf(
  sandbox: Sandbox,
  customer: TestCustomer,
  executionId: string | undefined,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(sandbox.stats().effects).filter(
      ([key]) =>
        key.includes(customer.customerId) ||
        (executionId !== undefined && key.includes(executionId)),
    ),
  );
}

/** What went wrong with one customer's effects: a repeat, or not exactly one registration and start. */
export function effectProblems(
  sandbox: Sandbox,
  customer: TestCustomer,
  executionId: string | undefined,
  /** Codes a node may get: more than one only when the host asked for a new one. */
  codesPerNode = 1,
): string[] {
  const effects = effectsOf(sandbox, customer, executionId);
  const problems = Object.entries(effects)
    .filter(([, count]) => count > 1)
    .map(([key, count]) => `${key} applied ${count} times`);
  // A second code for the same node would mean a send repeated after the cooldown.
  const sends = new Map<string, number>();
  for (const key of Object.keys(effects)) {
    const node = key.split('#send-')[0];
    if (node !== undefined && key.includes('#send-')) sends.set(node, (sends.get(node) ?? 0) + 1);
  }
  for (const [node, count] of sends)
    if (count > codesPerNode) problems.push(`${count} codes sent for ${node}`);
  const registrations = Object.keys(effects).filter((key) => key.startsWith('register:')).length;
  const starts = Object.keys(effects).filter((key) => key.startsWith('start:')).length;
  if (registrations !== 1) problems.push(`${registrations} registrations`);
  if (starts !== 1) problems.push(`${starts} starts`);
  const executions = sandbox
    .stats()
    .executions.filter((execution) => execution.customerId === customer.customerId);
  if (executions.length !== 1) problems.push(`${executions.length} executions`);
  return problems;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, looking every few ms; false when `ms` pass first. */
export async function until(check: () => boolean, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await pause(2);
  }
  return true;
}
