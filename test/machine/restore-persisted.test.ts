import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKycFlow } from '../../src/machine/index.js';
import type { PersistedFlow } from '../../src/machine/types.js';
import { createFinishingClient } from '../resilience/finishing-client.js';
import { hostFromView } from '../resilience/view-host.js';
import { runOnFakeClock, settle } from './fake-clock.js';

/**
 * Snapshots persisted by kyc-flow 0.1 before its chart carried its own meta and tags (one
 * per kind of state: each actor in flight, each wait, the host's turn): a flow saved then
 * restores now, in the same state, takes the step that state leads to, redoes nothing
 * behind it, and carries on to its end.
 */
const FIXTURE = new URL('./fixtures/persisted-0.1.ndjson', import.meta.url);
const saved = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as { state: string; persisted: PersistedFlow });
const customer = { email: 'graph@example.com', phone: '+6590000000', referenceId: 'ref-graph' };

/** The state each restored state moves to first (the host answers as a UI would). */
const NEXT: Record<string, string | undefined> = {
  idle: 'registering', // the host's START
  registering: 'starting', // the registration in flight, sent again
  starting: 'tracking.polling',
  'tracking.polling': 'completed', // the poll's wait, then its read
  'tracking.screenCheck': 'completed',
  'tracking.pendingReview': 'completed',
  'tracking.unknownNode': 'completed',
  'tracking.identityDocument.extracting': 'tracking.polling', // the OCR read in flight
  'tracking.identityDocument.ocrFailed': 'completed', // its watch of the execution
  'tracking.particulars.submitting': 'tracking.polling', // the submission in flight
  // The code is never persisted: the host is asked for it again.
  'tracking.emailOtp.verifying': 'tracking.emailOtp.codeSent',
  'tracking.phoneOtp.locked.coolingDown': 'tracking.phoneOtp.locked.resendAllowed',
  'tracking.requiredDocuments.adding': 'tracking.requiredDocuments.collecting',
  'tracking.requiredForms.awaitingInput': 'completed', // its watch of the execution
  suspended: 'registering', // the back-off runs out, back where the trouble was
  needsAttention: 'registering', // the host's RETRY
  completed: undefined,
};

const contextOf = (persisted: PersistedFlow) =>
  (persisted.snapshot as { context: { customerId?: string; executionId?: string } }).context;

runOnFakeClock();

describe('a flow persisted by the previous version of the chart', () => {
  it('has a case for every kind of state the fixture holds', () => {
    expect(saved.map(({ state }) => state)).toEqual(Object.keys(NEXT));
  });

  it.each(saved.map(({ state, persisted }) => [state, persisted] as const))(
    'restores at %s and carries on to its end',
    async (state, persisted) => {
      const { client, calls } = createFinishingClient();
      const flow = createKycFlow({ client, customer, snapshot: persisted }).start();
      expect(flow.getView().state).toBe(state);
      const path = [state];
      const unsubscribe = flow.subscribe(() => {
        const now = flow.getView().state;
        if (path.at(-1) !== now) path.push(now);
      });
      const stop = hostFromView(flow);
      await expect(settle(flow.whenDone())).resolves.toMatchObject({ status: 'completed' });
      stop();
      unsubscribe();
      expect(path[1]).toBe(NEXT[state]);
      // Nothing behind the restored state is done again.
      const { customerId, executionId } = contextOf(persisted);
      expect(calls['workflow.applicant.register'] ?? 0).toBe(customerId === undefined ? 1 : 0);
      expect(calls['workflow.apply.submit'] ?? 0).toBe(executionId === undefined ? 1 : 0);
    },
  );
});
