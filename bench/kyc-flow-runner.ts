import type { CustomerProfile } from '../src/adapters/node/profile.js';
import { createProfileResponder } from '../src/adapters/node/profile-responder.js';
import type { HeadlessResult } from '../src/adapters/node/run-events.js';
import { runHeadless } from '../src/adapters/node/run-headless.js';
import type { PollingOptions } from '../src/machine/polling.js';
import type { Sandbox } from '../src/sandbox/index.js';
import { createGatewayClient } from '../src/services/client.js';
import type { GatewayClient } from '../src/services/types.js';
import { pacedResponder } from './host-pace.js';

export interface KycFlowRunOptions {
  readonly sandbox: Pick<Sandbox, 'gatewayUrl' | 'storageUrl' | 'credentials'>;
  readonly profile: CustomerProfile;
  /** The sandbox's speed: kyc-flow's polling policy is compressed alike. */
  readonly speed: number;
  readonly fetch?: typeof globalThis.fetch;
  /** Another gateway client than kyc-flow's own (diagnostics only). */
  readonly client?: GatewayClient;
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
  const { sandbox, profile } = options;
  const client =
    options.client ??
    createGatewayClient({
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
      ...(options.fetch && { fetch: options.fetch }),
    });
  const responder = createProfileResponder(profile, { upload: client.upload });
  return runHeadless({
    client,
    customer: profile.customer,
    responder: options.think ? pacedResponder(responder, options.think) : responder,
    polling: { ...options.polling, timeScale: options.speed },
    review: 'wait',
  });
}
