import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { audit, effectKeyOf } from '../../chaos/audit.js';
import type { Accepted } from '../../chaos/ledger.js';
import { parseChaosOptions } from '../../chaos/options.js';
import { planFlows } from '../../chaos/plan.js';
import { runChaos } from '../../chaos/run-chaos.js';
import type { SandboxStats } from '../../src/sandbox/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

const statsWith = (effects: Record<string, number>, customerIds: string[] = []): SandboxStats => ({
  calls: {},
  registrations: 0,
  starts: 0,
  effects,
  statusReads: {},
  repeatsAnswered: 0,
  faultsInjected: 0,
  executions: customerIds.map((customerId, index) => ({
    executionId: `exec-${index}`,
    customerId,
    scenario: 'full',
    status: 'COMPLETED',
  })),
});

describe('npm run chaos', () => {
  it('runs 20 flows under 20 % faults, every one to its expected end, and says so on its last line', async () => {
    // Exit 1 still prints the report: read it either way, so a failure shows its problems.
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'chaos/main.ts',
        '--flows',
        '20',
        '--fault-rate',
        '0.2',
        '--seed',
        '20',
        '--json',
      ],
      { cwd: root, timeout: 120_000 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw error;
      return { stdout: error.stdout };
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    const report = JSON.parse(last);
    expect(report).toMatchObject({
      flows: 20,
      completed: 20,
      stuck: 0,
      wrongOutcome: 0,
      duplicateEffects: 0,
      lostSubmissions: 0,
      problems: [],
      ok: true,
    });
    expect(report.faultsInjected).toBeGreaterThan(0);
    expect(report.seconds).toBeGreaterThan(0);
    // Every scenario of the mix ran, manual reviews decided by the operator included.
    expect(Object.keys(report.byScenario).sort()).toEqual(
      [
        'cancelled',
        'failed',
        'full',
        'manual-review',
        'minimal',
        'ocr-failure',
        'rejected',
        'timeout',
      ].sort(),
    );
  }, 120_000);

  it('fails the run (exit 1) when a flow misses its expected outcome', async () => {
    const report = await runChaos({
      flows: 3,
      faultRate: 0,
      seed: 5,
      speed: 50,
      maxRetries: 1,
      flowTimeoutSeconds: 60,
      // Claim that every flow must end cancelled: the ones that do not are wrong outcomes.
      plan: (flows) => flows.map((flow) => ({ ...flow, expected: { status: 'cancelled' } })),
    });
    expect(report.ok).toBe(false);
    expect(report.wrongOutcome + report.completed).toBe(3);
    expect(report.wrongOutcome).toBeGreaterThan(0);
    expect(report.problems.join('\n')).toContain('wrongOutcome');
  }, 60_000);

  it('counts an effect applied twice, and an accepted submission the gateway never applied', () => {
    const [flow] = planFlows(1, 9);
    if (!flow) throw new Error('no flow planned');
    const { customerId, referenceId } = flow.customer;
    const accepted: Accepted[] = [
      {
        method: 'workflow.kyc.particular.data',
        input: {
          executionId: 'exec-0',
          callbackKey: 'kyc:particular:exec-0:1',
          referenceId,
          personData: { name: 'A', dateOfBirth: '1990-01-01', nationality: 'SG' },
        },
        output: { accepted: true },
      },
      {
        method: 'workflow.kyc.required.doc',
        input: {
          executionId: 'exec-0',
          callbackKey: 'kyc:required_doc:exec-0:5',
          referenceId,
          docType: 'BANK_STATEMENT',
          isRequired: false,
          doc: { front: { url: 's3://x' } },
        },
        output: { accepted: true },
      },
    ];
    const found = audit(
      statsWith(
        {
          [`register:${customerId}`]: 1,
          [`start:${customerId}:${referenceId}`]: 1,
          'kyc:particular:exec-0:1': 2,
        },
        [customerId],
      ),
      accepted,
      [flow],
    );
    expect(found.duplicateEffects).toBe(1);
    expect(found.lostSubmissions).toBe(1);
    expect(found.details).toEqual([
      'effect kyc:particular:exec-0:1 applied 2 times',
      'accepted workflow.kyc.required.doc (kyc:required_doc:exec-0:5#BANK_STATEMENT) was never applied',
    ]);
    expect(effectKeyOf(accepted[1] as Accepted).key).toBe(
      'kyc:required_doc:exec-0:5#BANK_STATEMENT',
    );
  });

  it('counts a second execution for one customer as a duplicate', () => {
    const [flow] = planFlows(1, 9);
    if (!flow) throw new Error('no flow planned');
    const found = audit(
      statsWith({}, [flow.customer.customerId, flow.customer.customerId]),
      [],
      [flow],
    );
    expect(found.duplicateEffects).toBe(1);
    expect(found.details).toEqual([`flow ${flow.index}: 2 executions`]);
  });

  it('refuses options it cannot use, naming them', () => {
    expect(() => parseChaosOptions(['--flows', '0'])).toThrow(/--flows must be a whole number/);
    expect(() => parseChaosOptions(['--fault-rate', '1.5'])).toThrow(/--fault-rate/);
    expect(() => parseChaosOptions(['--nope'])).toThrow(/nope/);
    expect(parseChaosOptions(['--flows', '500', '--fault-rate', '0.2', '--json'])).toMatchObject({
      flows: 500,
      faultRate: 0.2,
      json: true,
    });
  });
});
