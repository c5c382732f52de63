import { afterEach, expect } from 'vitest';
import { createKycFlow, type KycFlow } from '../../src/machine/create-kyc-flow.js';
import type {
  FlowCustomer,
  FlowEmitted,
  FlowView,
  PersistedFlow,
} from '../../src/machine/types.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';

/** Sandbox durations and the flow's polling policy compress alike. */
export const SPEED = 250;

const open: Sandbox[] = [];
const flows: KycFlow[] = [];
afterEach(async () => {
  for (const flow of flows.splice(0)) flow.stop();
  await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
});

export async function openSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ speed: SPEED, seed: 11, ...options });
  open.push(sandbox);
  return sandbox;
}

export const clientFor = (sandbox: Sandbox, retryLimit = 2) =>
  createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
    retry: { limit: retryLimit, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 5_000,
  });

let customers = 0;
export const customerFor = (tag?: string): FlowCustomer => {
  customers += 1;
  return {
    customerId: `C_${customers}${tag ? `+${tag}` : ''}`,
    email: `jane${customers}@example.com`,
    phone: '+6591234567',
    referenceId: `onboarding-${customers}`,
  };
};

export interface TrackedFlow {
  readonly flow: KycFlow;
  readonly events: FlowEmitted[];
  /** Every distinct dotted state the view went through, in order. */
  readonly states: string[];
}

export function flowFor(
  sandbox: Sandbox,
  customer: FlowCustomer,
  options: { snapshot?: PersistedFlow; retryLimit?: number; speed?: number } = {},
): TrackedFlow {
  const flow = createKycFlow({
    client: clientFor(sandbox, options.retryLimit),
    customer,
    polling: { timeScale: options.speed ?? SPEED },
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  });
  flows.push(flow);
  const events: FlowEmitted[] = [];
  const states: string[] = [];
  flow.on('*', (event) => events.push(event));
  const note = (view: FlowView) => {
    if (states.at(-1) !== view.state) states.push(view.state);
  };
  note(flow.getView());
  flow.subscribe(note);
  return { flow, events, states };
}

/** Nothing was applied twice; one registration and one start per flow. */
export function expectEachEffectOnce(sandbox: Sandbox, flowCount = 1): void {
  const stats = sandbox.stats();
  const repeated = Object.entries(stats.effects).filter(([, count]) => count > 1);
  expect(repeated).toEqual([]);
  expect(stats.registrations).toBe(flowCount);
  expect(stats.starts).toBe(flowCount);
}

/** Resolves with the first view that satisfies `test` (checked on every change). */
export function viewWhere(flow: KycFlow, test: (view: FlowView) => boolean): Promise<FlowView> {
  return new Promise((resolve) => {
    if (test(flow.getView())) {
      resolve(flow.getView());
      return;
    }
    const off = flow.subscribe((view) => {
      if (test(view)) {
        off();
        resolve(view);
      }
    });
  });
}
