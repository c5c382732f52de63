import type { CustomerProfile } from '../src/adapters/node/profile.js';
import { createProfileResponder } from '../src/adapters/node/profile-responder.js';
import type { HeadlessResult } from '../src/adapters/node/run-events.js';
import { runHeadless } from '../src/adapters/node/run-headless.js';
import type { PollingOptions } from '../src/machine/polling.js';
import type { Sandbox } from '../src/sandbox/index.js';
import { createGatewayClient } from '../src/services/client.js';
import type { GatewayClient } from '../src/services/types.js';
import { pacedResponder } from './host-pace.js';

/**
 * kyc-flow's own gateway client for a sandbox. A backend makes one and runs every flow over
 * it (flows over one client share one chart), as the hand-written loop shares its settings.
 */
export function sandboxClient(
  sandbox: Pick<Sandbox, 'gatewayUrl' | 'storageUrl' | 'credentials'>,
  fetch?: typeof globalThis.fetch,
): GatewayClient {
  return createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
    ...(fetch && { fetch }),
  });
}

export interface KycFlowRunOptions {
  readonly client: GatewayClient;
  readonly profile: CustomerProfile;
  /** The sandbox's speed: kyc-flow's polling policy is compressed alike. */
  readonly speed: number;
  readonly polling?: Partial<PollingOptions>;
  /** How long the host takes to answer a node (wall-clock ms); none by default. */
  readonly think?: (nodeType: string) => number;
}

/**
 * One onboarding through the whole kyc-flow stack, as a backend runs it: the gateway client,
 * the statechart, the headless runner and the profile responder answering every node at once.
 * Manual review is waited out (`review: 'wait'`), so the flow ends with the decision.
 */
export function runKycFlow(options: KycFlowRunOptions): Promise<HeadlessResult> {
  const { client, profile } = options;
  const responder = createProfileResponder(profile, { upload: client.upload });
  return runHeadless({
    client,
    customer: profile.customer,
    responder: options.think ? pacedResponder(responder, options.think) : responder,
    polling: { ...options.polling, timeScale: options.speed },
    review: 'wait',
  });
}
