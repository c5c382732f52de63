import type { Sandbox } from '../../../sandbox/index.js';
import type { ScenarioSource } from '../../../sandbox/replay-file.js';
import { createGatewayClient } from '../../../services/client.js';
import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';
import { loadProfile } from '../load-profile.js';
import type { CustomerProfile } from '../profile.js';
import { ProfileError } from '../profile-error.js';
import { createProfileResponder } from '../profile-responder.js';
import { createRecorder, type Recorder } from '../recorder.js';
import { redactPersonalData, redactText } from '../redaction.js';
import { NotARegularFileError } from '../regular-file.js';
import type { HeadlessEvent } from '../run-events.js';
import { type RunHeadlessOptions, runHeadless } from '../run-headless.js';
import { findSampleProfile } from './default-profile.js';
import { describeResult } from './describe-event.js';
import { EXIT_CODES } from './exit-codes.js';
import type { RunInspector } from './inspector.js';
import { createJsonReporter } from './json-reporter.js';
import { createLineReporter } from './line-reporter.js';
import { createLiveReporter } from './live-reporter.js';
import { createReachability } from './reachability.js';
import type { Reporter } from './reporter.js';
import { attentionHint } from './run-hints.js';
import { type GatewaySettings, parseRunOptions, type RunOptions, runUsage } from './run-options.js';
import { exitCodeOf, isFinal, type RunResult } from './run-result.js';
import { withScenarioTag } from './scenario-tag.js';
import { openStateFile, type StateFile } from './state-file.js';
import { UsageError } from './usage-error.js';

/** Everything checked before anything is sent. */
interface Prepared {
  readonly options: RunOptions;
  readonly profile: CustomerProfile;
  readonly source?: ScenarioSource;
  readonly state?: StateFile;
  readonly recorder?: Recorder;
}

/** `kyc-flow run`: one onboarding, headless; resolves to its exit code (see `exit-codes.ts`). */
export async function runCommand(args: string[]): Promise<number> {
  let prepared: Prepared | 'help';
  try {
    prepared = await prepare(args);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ProfileError)) throw error;
    process.stderr.write(
      `kyc-flow run: ${error.message}\n${error instanceof UsageError ? 'kyc-flow run --help shows the options.\n' : ''}`,
    );
    return EXIT_CODES.usage;
  }
  if (prepared === 'help') {
    process.stdout.write(`${runUsage}\n`);
    return EXIT_CODES.approved;
  }
  try {
    return await execute(prepared);
  } finally {
    await prepared.recorder?.close();
  }
}

/** Options, profile, scenario file, state file and recording, each refused with a usage error. */
async function prepare(args: string[]): Promise<Prepared | 'help'> {
  const options = await parseRunOptions(args);
  if (options.help) return 'help';
  for (const warning of options.warnings)
    process.stderr.write(`kyc-flow run: warning: ${warning}\n`);
  const path = options.profile ?? (await findSampleProfile());
  if (path === undefined) throw new UsageError('no --profile given and no sample profile found');
  const profile = await loadProfile(path);
  const source = await scenarioSource(options);
  const state = options.stateFile ? await openStateFile(options.stateFile) : undefined;
  // Last: opening the recording empties the file, which only a run that goes ahead may do.
  const recorder = options.record ? await openRecorder(options.record) : undefined;
  return { options, profile, source, state, recorder };
}

async function scenarioSource(options: RunOptions): Promise<ScenarioSource | undefined> {
  if (options.scenarioFile === undefined) return undefined;
  const { loadScenarioSource } = await import('../../../sandbox/replay-file.js');
  const { isScenarioName } = await import('../../../sandbox/scenarios.js');
  let source: ScenarioSource;
  try {
    source = await loadScenarioSource(options.scenarioFile);
  } catch (error) {
    throw new UsageError(`--scenario-file: ${(error as Error).message}`);
  }
  const { scenario } = options;
  if (source.kind === 'recording' && scenario !== undefined) {
    throw new UsageError('--scenario: a recording replays one flow as it was recorded');
  }
  if (source.kind === 'scenarios' && scenario !== undefined && !isScenarioName(scenario)) {
    const names = source.scenarios.map((own) => own.name);
    if (!names.includes(scenario)) {
      throw new UsageError(
        `--scenario: "${scenario}" is neither built in nor in the file (${names.join(', ')})`,
      );
    }
  }
  return source;
}

async function openRecorder(path: string): Promise<Recorder> {
  try {
    return await createRecorder(path);
  } catch (error) {
    const reason =
      error instanceof NotARegularFileError
        ? `is ${error.kind}`
        : `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new UsageError(`--record ${path} ${reason}`);
  }
}

/** The run itself; resolves to the exit code. */
async function execute(prepared: Prepared): Promise<number> {
  const { options, state } = prepared;
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
    const { gateway, sandbox } = await connect(prepared);
    if (sandbox) resources.push(() => sandbox.close());
    reporter.note(banner(prepared, gateway, sandbox));
    const run = await runSettings(prepared, gateway, reporter, controller, resources);
    const decide =
      sandbox && options.decide && decider(sandbox, options.decide, reporter, controller);
    const result: RunResult = await runHeadless({
      ...run.options,
      review: decide || (await replayDecides(prepared)) ? 'wait' : 'stop',
      onEvent: (event) => {
        reporter.event(event);
        decide?.(event);
      },
    });
    reporter.close();
    if (state && isFinal(result) && !options.keepState) await state.remove();
    report(result, prepared, run.reachability.describe());
    return exitCodeOf(result);
  } catch (error) {
    reporter.close();
    if (error instanceof Interrupted) {
      process.stderr.write(
        `kyc-flow run: interrupted${state ? `; the flow is saved in ${state.path}` : ''}\n`,
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

/** The client, customer, store and inspector of the run. */
async function runSettings(
  prepared: Prepared,
  gateway: GatewaySettings,
  reporter: Reporter,
  controller: AbortController,
  resources: Array<() => unknown>,
) {
  const { options, profile, state, recorder } = prepared;
  let inspector: RunInspector | undefined;
  if (options.inspect) {
    // Loaded only when asked for: a plain run never loads the inspector or its WebSocket stack.
    const { startRunInspector } = await import('./inspector.js');
    inspector = await startRunInspector(options.inspectPort);
    resources.push(() => inspector?.stop());
    reporter.note(`inspector: open ${inspector.url} in a browser to watch the chart live`);
  }
  const reachability = createReachability(gateway.gatewayUrl);
  const client = createGatewayClient({
    ...gateway,
    ...(recorder && { fetch: recorder.fetch }),
    onRetry: reachability.onRetry,
  });
  const customer = options.scenario
    ? withScenarioTag(profile.customer, options.scenario)
    : profile.customer;
  const run: RunHeadlessOptions = {
    client,
    customer,
    polling: { timeScale: options.speed },
    responder: createProfileResponder(profile, { upload: client.upload }),
    ...(state && { store: state.store, key: state.key }),
    signal: controller.signal,
    maxSuspendedMs: options.maxSuspendedMs,
    ...(inspector && { inspect: inspector.inspect }),
  };
  return { options: run, reachability };
}

/**
 * `--decide`: decides the review in the embedded sandbox as soon as the flow waits for it,
 * within the same run (nothing is saved and resumed for it).
 */
function decider(
  sandbox: Sandbox,
  decision: 'APPROVED' | 'REJECTED',
  reporter: Reporter,
  controller: AbortController,
) {
  let decided = false;
  return (event: HeadlessEvent) => {
    if (decided || event.type !== 'state' || event.step !== 'pendingReview') return;
    if (event.executionId === undefined) return;
    decided = true;
    reporter.note(`deciding the review in the sandbox: ${decision}`);
    try {
      sandbox.admin.decideReview(event.executionId, decision);
    } catch (error) {
      // Waiting for a decision that will never come would never end.
      controller.abort(new Error(`--decide: ${(error as Error).message}`));
    }
  };
}

/** A replay waits through a review when the recording went on to an outcome. */
async function replayDecides({ source }: Prepared): Promise<boolean> {
  if (source?.kind !== 'recording') return false;
  const { recordingReachesOutcome } = await import('../../../sandbox/replay-status.js');
  return recordingReachesOutcome(source.recording);
}

/** The outcome on stdout (plain mode), and on stderr what to do about it. */
function report(result: RunResult, prepared: Prepared, unreachable: string): void {
  const { options, state } = prepared;
  const shown = redactPersonalData(result);
  if (!options.json) process.stdout.write(`${describeResult(shown)}\n`);
  const hint = attentionHint(shown, {
    unreachable,
    ...(state && { stateFile: state.path }),
    plain: !options.json,
  });
  if (hint) process.stderr.write(`${hint}\n`);
}

function banner(prepared: Prepared, gateway: GatewaySettings, sandbox?: Sandbox): string {
  const { options, source, recorder } = prepared;
  const where = !sandbox
    ? `gateway ${gateway.gatewayUrl}`
    : source?.kind === 'recording'
      ? `embedded sandbox at ${sandbox.gatewayUrl} replaying ${options.scenarioFile} (speed ${options.speed})`
      : `embedded sandbox at ${sandbox.gatewayUrl} (speed ${options.speed})`;
  return recorder ? `${where}; recording every exchange to ${options.record}` : where;
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
  prepared: Prepared,
): Promise<{ gateway: GatewaySettings; sandbox?: Sandbox }> {
  const { options, source } = prepared;
  if (options.gateway) return { gateway: options.gateway };
  // Loaded only when needed: a run against a real gateway never pays for the sandbox.
  const { startSandbox } = await import('../../../sandbox/index.js');
  const sandbox = await startSandbox({
    speed: options.speed,
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(source?.kind === 'recording' && { replay: source.recording }),
    ...(source?.kind === 'scenarios' && {
      scenarios: source.scenarios,
      scenario: options.scenario ?? source.scenarios[0]?.name ?? 'full',
    }),
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
