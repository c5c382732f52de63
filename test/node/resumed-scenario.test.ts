import { describe, expect, it } from 'vitest';
import { resumedScenario } from '../../src/adapters/node/cli/resumed-scenario.js';
import { UsageError } from '../../src/adapters/node/cli/usage-error.js';
import { emailDigest } from '../../src/adapters/node/email-digest.js';
import type { PersistedFlow } from '../../src/machine/index.js';

const customer = { customerId: 'C_1', email: 'jane@example.com' };
const savedFor = (saved: Record<string, string>): PersistedFlow =>
  ({ snapshot: { context: { customer: saved } } }) as unknown as PersistedFlow;
const path = 'flow.json';

describe('resumedScenario: the scenario a state file of the embedded sandbox carries on in', () => {
  it('the one it began in, when the run names none', () => {
    const flow = savedFor({
      customerId: 'C_1+manual-review',
      email: 'jane+manual-review@example.com',
    });
    expect(resumedScenario(flow, customer, { path })).toBe('manual-review');
    expect(resumedScenario(flow, customer, { path, scenario: 'manual-review' })).toBe(
      'manual-review',
    );
  });

  it('of an ended flow, which keeps only a digest of the email', () => {
    const flow = savedFor({ emailSha256: emailDigest('jane+rejected@example.com') });
    expect(resumedScenario(flow, { email: 'jane@example.com' }, { path })).toBe('rejected');
  });

  it('another --scenario is refused, naming the one it began in (or none)', () => {
    const tagged = savedFor({ customerId: 'C_1+manual-review' });
    expect(() => resumedScenario(tagged, customer, { path, scenario: 'rejected' })).toThrow(
      new UsageError(
        '--scenario: the flow in flow.json began with --scenario manual-review: run it again with that one, or with none',
      ),
    );
    const plain = savedFor({ customerId: 'C_1' });
    expect(resumedScenario(plain, customer, { path })).toBeUndefined();
    expect(() => resumedScenario(plain, customer, { path, scenario: 'rejected' })).toThrow(
      '--scenario: the flow in flow.json began without --scenario: run it again without one',
    );
  });

  it("another customer's flow is left to the run, which refuses it as such", () => {
    const flow = savedFor({ customerId: 'C_2+manual-review' });
    expect(resumedScenario(flow, customer, { path })).toBeUndefined();
    expect(resumedScenario(undefined, customer, { path, scenario: 'full' })).toBe('full');
  });
});
