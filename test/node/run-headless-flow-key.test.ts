import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowKeyOf } from '../../src/adapters/node/flow-key.js';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { CustomerProfile } from '../../src/adapters/node/profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import type { GatewayClient } from '../../src/services/types.js';

describe('flowKeyOf', () => {
  it('keys a referenceId with who the customer is: two customers given one referenceId are two flows', () => {
    const shared = 'REF-1';
    expect(flowKeyOf({ customerId: 'C_ann', referenceId: shared })).not.toBe(
      flowKeyOf({ customerId: 'C_bob', referenceId: shared }),
    );
    expect(flowKeyOf({ email: 'ann@example.com', referenceId: shared })).not.toBe(
      flowKeyOf({ email: 'bob@example.com', referenceId: shared }),
    );
  });

  it('keys one customer alike however the email is cased, and nobody as undefined', () => {
    expect(flowKeyOf({ email: 'Ann@Example.com' })).toBe(flowKeyOf({ email: 'ann@example.com ' }));
    expect(flowKeyOf({ customerId: 'C_ann', email: 'x@example.com' })).toBe(
      flowKeyOf({ customerId: 'C_ann', email: 'y@example.com' }),
    );
    expect(flowKeyOf({ referenceId: 'REF-2' })).toBe('REF-2');
    expect(flowKeyOf({})).toBeUndefined();
  });
});

describe('runHeadless over a store another customer saved a flow in', () => {
  const SPEED = 50;
  let sandbox: Sandbox;
  let client: GatewayClient;
  let profile: CustomerProfile;
  beforeAll(async () => {
    sandbox = await startSandbox({ speed: SPEED });
    client = createGatewayClient({
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
    });
    profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
  });
  afterAll(() => sandbox.close());

  const run = (customer: { customerId: string; referenceId?: string }, key?: string) =>
    runHeadless({
      client,
      customer,
      polling: { timeScale: SPEED },
      responder: createProfileResponder(profile, { upload: client.upload }),
      store,
      ...(key && { key }),
    });
  const store = createMemorySnapshotStore();

  it("onboards each of two customers given one referenceId (by default keys), never answering one with the other's outcome", async () => {
    const ann = await run({ customerId: 'C_key_ann+minimal', referenceId: 'REF-key' });
    const bob = await run({ customerId: 'C_key_bob+rejected', referenceId: 'REF-key' });
    expect(ann).toMatchObject({ status: 'completed', decision: 'APPROVED' });
    expect(bob).toMatchObject({ status: 'completed', decision: 'REJECTED' });
    expect(bob.status === 'completed' && bob.executionId).not.toBe(
      ann.status === 'completed' && ann.executionId,
    );
  });

  it("refuses to carry on another customer's flow saved under the key it is given, sending nothing", async () => {
    await run({ customerId: 'C_key_cat+minimal' }, 'shared-key');
    const calls = { ...sandbox.stats().calls };
    const error = await run({ customerId: 'C_key_dan+minimal' }, 'shared-key').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect(error).toMatchObject({ code: 'SNAPSHOT_CUSTOMER', key: 'shared-key' });
    expect(sandbox.stats().calls).toEqual(calls);
  });
});
