import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import type { HeadlessResult } from '../../src/adapters/node/run-events.js';
import { type RunHeadlessOptions, runHeadless } from '../../src/adapters/node/run-headless.js';
import { loadScenarioFile, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import type { Scenario } from '../../src/sandbox/types.js';
import { createGatewayClient } from '../../src/services/client.js';
import type { GatewayClient } from '../../src/services/types.js';

/** What a profile answers against the sandbox: wrong codes, forms named twice. */
const SPEED = 25;
let sandbox: Sandbox;
let client: GatewayClient;
let profile: CustomerProfile;

const scenarios: Scenario[] = [
  { name: 'email-otp', steps: ['emailOtp'], outcome: 'APPROVED' },
  {
    name: 'forms-twice',
    steps: [{ node: 'requiredForms', config: { formIds: ['IndividualForm', 'IndividualForm'] } }],
    outcome: 'APPROVED',
  },
];

beforeAll(async () => {
  sandbox = await startSandbox({ speed: SPEED, scenarios });
  client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
  });
  profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
});
afterAll(() => sandbox.close());

let customers = 0;
function options(
  scenario: string,
  answering: CustomerProfile,
  extra: Partial<RunHeadlessOptions> = {},
): RunHeadlessOptions {
  customers += 1;
  return {
    client,
    customer: {
      customerId: `C_profile_${customers}+${scenario}`,
      email: `p-${customers}@example.com`,
    },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(answering, { upload: client.upload }),
    ...extra,
  };
}

const calls = (method: string) => sandbox.stats().calls[method] ?? 0;

describe('runHeadless with a profile', () => {
  it('sends a wrong one-time code once, then gives up naming the channel, the flow saved', async () => {
    const store = createMemorySnapshotStore();
    const before = calls('workflow.kyc.otp.verify');
    const run = options(
      'email-otp',
      { ...profile, otp: { code: '000000' } },
      { store, key: 'bad-otp' },
    );
    const error = await runHeadless(run).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponderError);
    expect(error).toMatchObject({ field: 'otp.code', nodeType: 'flow_action_validate_email' });
    expect((error as ResponderError).message).toMatch(
      /one-time code was rejected.*email.*2 attempts left/,
    );
    expect((error as ResponderError).message).not.toContain('000000');
    expect(calls('workflow.kyc.otp.verify') - before).toBe(1);
    expect(await store.load('bad-otp')).toBeDefined();
  });

  it('submits a form the node names twice once', async () => {
    const before = calls('workflow.kyc.required.form');
    const result = await runHeadless(options('forms-twice', profile));
    expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    expect(calls('workflow.kyc.required.form') - before).toBe(1);
  });
});

describe('the shipped example scenarios with the sample profile', () => {
  // What a new user tries first: `kyc-flow run --scenario-file examples/scenarios/quick-review.json`.
  it.each([
    ['quick-review', 'APPROVED'],
    ['two-forms', 'REJECTED'],
  ] as const)(
    '%s runs to its outcome, %s, the sample profile answering every node',
    async (name, decision) => {
      const examples = await startSandbox({
        speed: 1_000,
        scenarios: await loadScenarioFile(resolve('examples/scenarios/quick-review.json')),
      });
      try {
        const exampleClient = createGatewayClient({
          gatewayUrl: examples.gatewayUrl,
          storageUrl: examples.storageUrl,
          ...examples.credentials,
        });
        const run = (): Promise<HeadlessResult> =>
          runHeadless({
            client: exampleClient,
            customer: { customerId: `C_example+${name}`, email: 'example@example.com' },
            polling: { timeScale: 1_000 },
            responder: createProfileResponder(profile, { upload: exampleClient.upload }),
            store,
            key: name,
          });
        const store = createMemorySnapshotStore();
        let result = await run();
        // A review is an operator's to decide (`kyc-flow run --decide`): then the run carries on.
        if (result.status === 'pendingReview' && result.executionId) {
          examples.admin.decideReview(result.executionId, decision);
          result = await run();
        }
        expect(result).toMatchObject({ status: 'completed', decision });
      } finally {
        await examples.close();
      }
    },
  );
});
