import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeResult } from '../../src/adapters/node/cli/describe-event.js';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { exitCodeOf } from '../../src/adapters/node/cli/run-result.js';
import { loadProfile } from '../../src/adapters/node/load-profile.js';
import { createProfileResponder } from '../../src/adapters/node/profile-responder.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import {
  completedWith,
  REVIEW_WITH_ENGINE_VERDICT,
  scriptedStatusGateway,
} from '../machine/review-verdict-gateway.js';

/**
 * A headless run that waits out a manual review (the CLI's `--review wait`) reports what the
 * gateway said at the end: a COMPLETED that says nothing of the decision is "decision
 * unknown" (exit 18), never the REJECTED the engine showed while the review waited (exit 10).
 */
describe('a headless run through a manual review', () => {
  it('ends COMPLETED without a result: decision unknown, not the pre-review REJECTED', async () => {
    const { client } = scriptedStatusGateway([REVIEW_WITH_ENGINE_VERDICT, completedWith()]);
    const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
    const result = await runHeadless({
      client,
      customer: { customerId: 'C_1', email: 'jane@example.com', referenceId: 'ref-1' },
      polling: { timeScale: 200 },
      review: 'wait',
      responder: createProfileResponder(profile, { upload: client.upload }),
    });
    expect(result).toMatchObject({ status: 'completed', decision: 'UNKNOWN' });
    expect(exitCodeOf(result)).toBe(EXIT_CODES.decisionUnknown);
    expect(describeResult(result)).toBe('COMPLETED, DECISION UNKNOWN (execution exec-1)');
  });
});
