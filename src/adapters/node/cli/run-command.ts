import { basename, dirname, resolve } from 'node:path';
import type { Sandbox } from '../../../sandbox/index.js';
import { createGatewayClient } from '../../../services/client.js';
import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';
import { createFileSnapshotStore } from '../file-snapshot-store.js';
import { loadProfile } from '../load-profile.js';
import { createMemorySnapshotStore } from '../memory-snapshot-store.js';
import type { CustomerProfile } from '../profile.js';
import { ProfileError } from '../profile-error.js';
import { createProfileResponder } from '../profile-responder.js';
import { redactPersonalData, redactText } from '../redaction.js';
import type { HeadlessResult } from '../run-events.js';
import { type RunHeadlessOptions, runHeadless } from '../run-headless.js';
import type { SnapshotStore } from '../snapshot-store.js';
import { findSampleProfile } from './default-profile.js';
import { describeResult } from './describe-event.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { RunInspector } from './inspector.js';
import { createJsonReporter } from './json-reporter.js';
import { createLineReporter } from './line-reporter.js';
import { createLiveReporter } from './live-reporter.js';
import type { Reporter } from './reporter.js';
import { type GatewaySettings, parseRunOptions, type RunOptions, runUsage } from './run-options.js';
import { withScenarioTag } from './scenario-tag.js';
import { UsageError } from './usage-error.js';

/** The name of the one flow a state file holds. */
const STATE_KEY = 'kyc-flow run';

/** `kyc-flow run`: one onboarding, headless; resolves to its exit code (see `exit-codes.ts`). */
export async function runCommand(args: string[]): Promise<number> {
  let options: RunOptions;
  try {
    options = parseRunOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `kyc-flow run: ${error.message}\nkyc-flow run --help shows the options.\n`,
    );
    return EXIT_CODES.usage;
  }
  if (options.help) {
    process.stdout.write(`${runUsage}\n`);
    return EXIT_CODES.approved;
  }

  let profile: CustomerProfile;
  try {
    const path = options.profile ?? (await findSampleProfile());
    if (path === undefined) throw new UsageError('no --profile given and no sample profile found');
    profile = await loadProfile(path);
  } catch (error) {
    if (error instanceof ProfileError || error instanceof UsageError) {
      process.stderr.write(`kyc-flow run: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }

  const resources: Array<() => unknown> = [];
  const reporter = createReporter(options);
  resources.push(() => reporter.close());
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Interrupted());
  // `on`, not `once`: a terminal's Ctrl+C reaches tsx and this process both, and tsx relays it again.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  resources.push(() => {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  });

  try {
    const { gateway, sandbox } = await connect(options);
    if (sandbox) resources.push(() => sandbox.close());
    reporter.note(
      sandbox
        ? `embedded sandbox at ${sandbox.gatewayUrl} (speed ${options.speed})`
        : `gateway ${gateway.gatewayUrl}`,
    );

    let inspector: RunInspector | undefined;
    if (options.inspect) {
      // Loaded only when asked for: a plain run never loads the inspector or its WebSocket stack.
      const { startRunInspector } = await import('./inspector.js');
      inspector = await startRunInspector(options.inspectPort);
      resources.push(() => inspector?.stop());
      reporter.note(`inspector: open ${inspector.url} in a browser to watch the chart live`);
    }

    const client = createGatewayClient(gateway);
    const customer = options.scenario
      ? withScenarioTag(profile.customer, options.scenario)
      : profile.customer;
    const store: SnapshotStore | undefined = options.stateFile
      ? createFileSnapshotStore({
          directory: dirname(resolve(options.stateFile)),
          fileName: () => basename(options.stateFile as string),
        })
      : options.decide
        ? createMemorySnapshotStore()
        : undefined;
    const run: RunHeadlessOptions = {
      client,
      customer,
      polling: { timeScale: options.speed },
      responder: createProfileResponder(profile, { upload: client.upload }),
      ...(store && { store, key: STATE_KEY }),
      signal: controller.signal,
      onEvent: (event) => reporter.event(event),
      maxSuspendedMs: options.maxSuspendedMs,
      ...(inspector && { inspect: inspector.inspect }),
    };

    let result = await runHeadless(run);
    if (result.status === 'pendingReview' && options.decide && sandbox && result.executionId) {
      reporter.note(`deciding the review in the sandbox: ${options.decide}`);
      sandbox.admin.decideReview(result.executionId, options.decide);
      result = await runHeadless({ ...run, review: 'wait' });
    }
    reporter.close();
    if (!options.json) process.stdout.write(`${describeResult(redactPersonalData(result))}\n`);
    if (result.status === 'pendingReview' && !options.json) {
      process.stderr.write(
        options.stateFile
          ? `the flow is saved in ${options.stateFile}: run again with the same --state-file to pick up the decision\n`
          : 'run with --state-file to resume it later (or --decide on the embedded sandbox)\n',
      );
    }
    return exitCodeOf(result);
  } catch (error) {
    reporter.close();
    if (error instanceof Interrupted) {
      process.stderr.write(
        `kyc-flow run: interrupted${options.stateFile ? `; the flow is saved in ${options.stateFile}` : ''}\n`,
      );
      return EXIT_CODES.interrupted;
    }
    if (error instanceof KycFlowError) {
      process.stderr.write(`kyc-flow run: ${error.code}: ${redactText(error.message)}\n`);
      return EXIT_CODES.internal;
    }
    throw error;
  } finally {
    for (const release of resources.reverse()) await release();
    if (options.inspect) {
      // A browser tab still connected to the relay (or its reconnect timer) must not hold
      // the process once the run is over.
      setTimeout(() => process.exit(), 1000).unref();
    }
  }
}

class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}

function createReporter(options: RunOptions): Reporter {
  if (options.json) return createJsonReporter(process.stdout);
  return process.stderr.isTTY
    ? createLiveReporter(process.stderr)
    : createLineReporter(process.stderr);
}

async function connect(
  options: RunOptions,
): Promise<{ gateway: GatewaySettings; sandbox?: Sandbox }> {
  if (options.gateway) return { gateway: options.gateway };
  // Loaded only when needed: a run against a real gateway never pays for the sandbox.
  const { startSandbox } = await import('../../../sandbox/index.js');
  const sandbox = await startSandbox({
    speed: options.speed,
    ...(options.seed !== undefined && { seed: options.seed }),
  });
  return {
    sandbox,
    gateway: {
      gatewayUrl: sandbox.gatewayUrl,
      storageUrl: sandbox.storageUrl,
      ...sandbox.credentials,
    },
  };
}

export function exitCodeOf(result: HeadlessResult): ExitCode {
  switch (result.status) {
    case 'completed':
      return result.decision === 'APPROVED' ? EXIT_CODES.approved : EXIT_CODES.rejected;
    case 'failed':
      return EXIT_CODES.failed;
    case 'timedOut':
      return EXIT_CODES.timedOut;
    case 'cancelled':
      return EXIT_CODES.cancelled;
    case 'pendingReview':
      return EXIT_CODES.pendingReview;
    case 'suspended':
      return EXIT_CODES.suspended;
  }
}
