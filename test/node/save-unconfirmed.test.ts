import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import {
  ABORT_SAVE_WAIT_MS,
  SaveUnconfirmedError,
} from '../../src/adapters/node/save-unconfirmed-error.js';
import type { SnapshotStore } from '../../src/adapters/node/snapshot-store.js';
import { createKycFlow } from '../../src/machine/index.js';
import {
  REVIEW_WITH_ENGINE_VERDICT,
  scriptedStatusGateway,
} from '../machine/review-verdict-gateway.js';

/**
 * A run stopped by its signal while its store no longer answers (Redis gone away, a network
 * share that hangs): the last save never resolves. The run must still end, in a bounded
 * time, saying that save was not confirmed and keeping the flow as it stood.
 */
describe('a run stopped while its last save never finishes', () => {
  it('ends within ABORT_SAVE_WAIT_MS with SaveUnconfirmedError, holding the flow', async () => {
    const { client } = scriptedStatusGateway([REVIEW_WITH_ENGINE_VERDICT]);
    const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
    const memory = createMemorySnapshotStore();
    let hang = false;
    const controller = new AbortController();
    const stop = new Error('shutting down');
    // Saves as ever until the flow waits for review; from then on a save never answers, and
    // the host stops the run as that save hangs.
    const store: SnapshotStore = {
      load: (key) => memory.load(key),
      delete: (key) => memory.delete(key),
      save: (key, persisted, options) => {
        if (!hang) return memory.save(key, persisted, options);
        controller.abort(stop);
        return new Promise<void>(() => undefined);
      },
    };
    const email = 'jane.hangs@example.com';
    const run = runHeadless({
      client,
      customer: { customerId: 'C_1', email, referenceId: 'ref-1' },
      polling: { timeScale: 200 },
      review: 'wait',
      store,
      signal: controller.signal,
      responder: createProfileResponder(profile, { upload: client.upload }),
      onEvent: (event) => {
        if (event.type === 'state' && event.step === 'pendingReview') hang = true;
      },
    });
    const startedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const never = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the run never ended')),
        ABORT_SAVE_WAIT_MS + 10_000,
      );
    });
    const error = await Promise.race([run, never]).catch((caught: unknown) => caught);
    clearTimeout(timer);
    expect(controller.signal.aborted).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(ABORT_SAVE_WAIT_MS + 3_000);
    expect(error).toBeInstanceOf(SaveUnconfirmedError);
    const unconfirmed = error as SaveUnconfirmedError;
    expect(unconfirmed).toMatchObject({
      code: 'SAVE_UNCONFIRMED',
      retryable: true,
      key: expect.any(String),
      standing: { step: 'pendingReview', executionId: 'exec-1', referenceId: 'ref-1' },
      cause: stop,
    });
    expect(unconfirmed.message).toMatch(/last save was not confirmed/);
    // The flow as it stood: another store (or this one, back) resumes it at the review.
    const restored = createKycFlow({
      client,
      customer: { customerId: 'C_1', email },
      snapshot: unconfirmed.persisted,
    });
    expect(restored.getView()).toMatchObject({ step: 'pendingReview', executionId: 'exec-1' });
    // The flow holds personal data; the error logged whole does not show it.
    expect(inspect(unconfirmed, { depth: 10 })).not.toContain(email);
    expect(JSON.stringify(unconfirmed)).not.toContain(email);
  });
});
