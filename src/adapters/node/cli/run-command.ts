import { redact, redactText } from '../../../machine/index.js';
import type { Sandbox } from '../../../sandbox/index.js';
import { createGatewayClient } from '../../../services/client.js';
import { KycFlowError } from '../../../services/errors/kyc-flow-error.js';
import { DEFAULT_TIMEOUT_MS } from '../../../services/transport.js';
import { InspectorError } from '../inspector/inspector-error.js';
import { ProfileError } from '../profile-error.js';
import { createProfileResponder } from '../profile-responder.js';
import { ResponderError } from '../responder-error.js';
import type { HeadlessEvent } from '../run-events.js';
import { type RunHeadlessOptions, runHeadless } from '../run-headless.js';
import { SnapshotStoreError } from '../snapshot-store-error.js';
import { blockedPorts } from './blocked-port.js';
import { asksForJson, failWith } from './command-failure.js';
import { watchConnections } from './connection-watch.js';
import { decider } from './decide-review.js';
import { describeResult } from './describe-event.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { CliInspector } from './inspector.js';
import { createJsonReporter } from './json-reporter.js';
import { createLineReporter } from './line-reporter.js';
import { createLiveReporter } from './live-reporter.js';
import { printable } from './printable.js';
import { type PersonalScrub, personalScrub } from './profile-values.js';
import { createReachability } from './reachability.js';
import { type Reporter, scrubbed, type TextOutput } from './reporter.js';
import { attentionHint, nothingKept, type UnkeptFlow } from './run-hints.js';
import { type GatewaySettings, type RunOptions, runUsage } from './run-options.js';
import { type Prepared, prepare } from './run-prepare.js';
import { exitCodeOf, isFinal, type RunResult } from './run-result.js';
import { withScenarioTag } from './scenario-tag.js';
import { STOPPING_SIGNALS } from './stopping-signals.js';
import { UsageError } from './usage-error.js';

/** `kyc-flow run`: one onboarding, headless; resolves to its exit code (see `exit-codes.ts`). */
export async function runCommand(args: string[]): Promise<number> {
  let prepared: Prepared | 'help';
  try {
    prepared = await prepare(args);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ProfileError)) throw error;
    const help = error instanceof UsageError ? 'kyc-flow run --help shows the options.' : undefined;
    return failWith('run', asksForJson(args))(EXIT_CODES.usage, error.message, help);
  }
  if (prepared === 'help') {
    process.stdout.write(`${runUsage}\n`);
    return EXIT_CODES.approved;
  }
  try {
    // Every attempt would be refused before it leaves the machine: said now, not after
    // minutes of retries that cannot pass. Nothing is sent, and a state file stays as it was.
    const { gateway, json } = prepared.options;
    const blocked = gateway
      ? blockedPorts({ gateway: gateway.gatewayUrl, storage: gateway.storageUrl })
      : [];
    if (blocked.length > 0) {
      return failWith('run', json)(EXIT_CODES.suspended, `${blocked.join('; ')}; nothing was sent`);
    }
    return await execute(prepared);
  } finally {
    await prepared.recorder?.close();
    await prepared.state?.release();
  }
}

/** The run itself; resolves to the exit code. */
async function execute(prepared: Prepared): Promise<number> {
  const { options, state } = prepared;
  const resources: Array<() => unknown> = [];
  const scrub = personalScrub(prepared.profile);
  // A resumed run: what an earlier run's OCR read is personal data here too.
  scrub.learn(state?.ocrResult);
  const { out, err } = scrubbedOutputs(scrub);
  const reporter = createReporter(options, err, scrub);
  resources.push(() => reporter.close());
  const controller = new AbortController();
  stopOnSignals(controller, resources);
  const show = showing(reporter, scrub);
  // After an outcome or a failure, the inspector's pages stay up to show how it came about.
  let inspector: CliInspector | undefined;
  // Stopped before (Ctrl-C while the inspector waits for a viewer), nothing was sent or saved.
  let begun = false;
  // The execution the flow reached: what a run again without a state file would leave.
  let executionId: string | undefined;
  try {
    const { gateway, sandbox } = await connect(prepared);
    if (sandbox) resources.push(() => sandbox.close());
    reporter.note(banner(prepared, gateway, sandbox));
    const session = { reporter, controller, resources, scrub };
    const run = await runSettings(prepared, gateway, session, sandbox);
    inspector = run.inspector;
    await inspector?.waitForViewer(controller.signal);
    const decide =
      sandbox && options.decide && decider(sandbox, options.decide, reporter, controller);
    begun = true;
    const result: RunResult = await runHeadless({
      ...run.options,
      review: decide || (await replayDecides(prepared)) ? 'wait' : 'stop',
      onEvent: (event) => {
        if (event.type === 'state' && event.executionId) executionId = event.executionId;
        show(event);
        decide?.(event);
      },
    });
    reporter.close();
    const told = report(
      result,
      prepared,
      run.reachability.describe('error' in result ? result.error : undefined),
      {
        out,
        err,
      },
    );
    inspector?.ended({ ...told, code: exitCodeOf(result) });
    // Only once the outcome is told: killed in between, the next run reads it again from the
    // whole state file. After, the file keeps the outcome alone (`endedFlow`).
    if (state && isFinal(result) && !options.keepState) {
      await state.end();
      prepared.sandboxMemory?.remove();
    }
    await inspector?.holdOpen(controller.signal);
    return exitCodeOf(result);
  } catch (error) {
    reporter.close();
    const failed = failWith('run', options.json, { out, err, scrub });
    // The viewer, held open after a stop, says why too.
    const fail: typeof failed = (code, message, hint) => {
      inspector?.ended({ outcome: message, code, ...(hint !== undefined && { hint }) });
      return failed(code, message, hint);
    };
    if (error instanceof InspectorError) {
      return fail(EXIT_CODES.usage, `${error.message} with --inspect-port`);
    }
    const saved = state && (begun || state.saved) ? state.path : undefined;
    const stopped = stopShown(error, { saved, begun, statePath: state?.path }, fail);
    if (stopped !== undefined) return stopped;
    const shown = stopAfterRun(error, prepared, fail, executionId);
    await inspector?.holdOpen(controller.signal);
    return shown;
  } finally {
    for (const release of resources.reverse()) await release();
  }
}

/**
 * A stop whose run shows nothing more (no inspector held open): Ctrl-C, or a state file
 * holding another customer's flow. Its exit code, or `undefined` for any other error.
 */
function stopShown(
  error: unknown,
  where: { readonly saved?: string; readonly begun: boolean; readonly statePath?: string },
  fail: ReturnType<typeof failWith>,
): number | undefined {
  const { saved, begun, statePath } = where;
  if (error instanceof Interrupted) {
    const before = begun ? '' : ' before the flow began: nothing was sent';
    return fail(
      EXIT_CODES.interrupted,
      `interrupted${before}${saved ? `; the flow is saved in ${saved}` : ''}`,
    );
  }
  if (error instanceof SnapshotStoreError && error.code === 'SNAPSHOT_CUSTOMER' && statePath) {
    return fail(
      EXIT_CODES.usage,
      `--state-file: the flow in ${statePath} is another customer's (its customerId or email is not the profile's): resuming it would carry on their onboarding with this profile's answers; use another state file, or the profile it was started with`,
    );
  }
  return undefined;
}

/**
 * A stop the inspector's pages stay up for, to show how it came about: a node the profile
 * cannot answer, or the client's own error. Its exit code; any other error is thrown on.
 */
function stopAfterRun(
  error: unknown,
  prepared: Prepared,
  fail: ReturnType<typeof failWith>,
  executionId: string | undefined,
): ExitCode {
  const { state } = prepared;
  if (error instanceof ResponderError) {
    // The embedded sandbox's flow resumes too: its memory is kept beside the state file.
    const resume = state
      ? `; fix it and run again with ${state.path}`
      : `; ${nothingKept(unkept(prepared, executionId))}`;
    return fail(
      EXIT_CODES.profileCannotAnswer,
      `the profile ${printable(redactText(error.message))}${resume}`,
    );
  }
  if (error instanceof KycFlowError) {
    return fail(EXIT_CODES.internal, `${error.code}: ${printable(redactText(error.message))}`);
  }
  throw error;
}

/** The client, customer, store and inspector of the run. */
async function runSettings(
  prepared: Prepared,
  gateway: GatewaySettings,
  session: RunSession,
  sandbox?: Sandbox,
) {
  const { reporter, controller, resources, scrub } = session;
  const { options, profile, state, recorder, sandboxMemory } = prepared;
  let inspector: CliInspector | undefined;
  if (options.inspect) {
    // Loaded only when asked for: a plain run never loads the inspector or its server.
    const { startCliInspector } = await import('./inspector.js');
    inspector = await startCliInspector(
      options.inspectPort,
      options.inspectWait,
      (text) => reporter.note(text),
      scrub,
    );
    resources.push(() => inspector?.stop());
  }
  // What the client's attempts that ran out of time met: a host that took the connection.
  const connections = watchConnections();
  resources.push(() => connections.stop());
  const reachability = createReachability(gateway.gatewayUrl, {
    attemptMs: DEFAULT_TIMEOUT_MS,
    ...(gateway.storageUrl && { storageUrl: gateway.storageUrl }),
    connectionTo: connections.stateOf,
  });
  const send = recorder?.fetch;
  // The embedded sandbox's memory is written as each answer comes, before the flow reads it.
  const fetch =
    sandbox && sandboxMemory
      ? rememberingFetch(send, () => sandboxMemory.write(sandbox.remember()))
      : send;
  const client = createGatewayClient({
    ...gateway,
    ...(fetch && { fetch }),
    timeoutMs: DEFAULT_TIMEOUT_MS,
    onRetry: (event) => {
      reachability.onRetry(event);
      reporter.note(reachability.retryLine(event));
    },
  });
  const customer = options.scenario
    ? withScenarioTag(profile.customer, options.scenario)
    : profile.customer;
  const run = {
    client,
    customer,
    polling: { timeScale: options.speed },
    responder: createProfileResponder(profile, { upload: client.upload }),
    ...(state && { store: state.store, key: state.key }),
    signal: controller.signal,
    maxSuspendedMs: options.maxSuspendedMs,
    ...(inspector && { inspect: inspector.inspect }),
  } satisfies RunHeadlessOptions;
  return { options: run, reachability, inspector };
}

/** A replay waits through a review when the recording went on to an outcome. */
async function replayDecides({ source }: Prepared): Promise<boolean> {
  if (source?.kind !== 'recording') return false;
  const { recordingReachesOutcome } = await import('../../../sandbox/replay-status.js');
  return recordingReachesOutcome(source.recording);
}

/** The outcome on stdout (plain mode), and on stderr what to do about it; both returned. */
function report(
  result: RunResult,
  prepared: Prepared,
  unreachable: string,
  { out, err }: { readonly out: TextOutput; readonly err: TextOutput },
): { outcome: string; hint?: string } {
  const { options, state } = prepared;
  const shown = redact(result);
  // Both lines quote the gateway (its codes, messages, node types): one line each, whatever
  // it sent, so nothing it says can print an outcome of its own (see `printable`).
  const outcome = printable(describeResult(shown));
  if (!options.json) out.write(`${outcome}\n`);
  const hint = attentionHint(shown, {
    unreachable,
    ...(state
      ? { stateFile: state.path }
      : { unkept: nothingKept(unkept(prepared, result.executionId)) }),
    plain: !options.json,
  });
  if (!hint) return { outcome };
  err.write(`${printable(hint)}\n`);
  return { outcome, hint: printable(hint) };
}

/** A run without a state file, as `nothingKept` reads it. */
const unkept = ({ options, profile }: Prepared, executionId: string | undefined): UnkeptFlow => ({
  embedded: options.gateway === undefined,
  ownReferenceId: profile.customer.referenceId !== undefined,
  ...(executionId !== undefined && { executionId }),
});

function banner(prepared: Prepared, gateway: GatewaySettings, sandbox?: Sandbox): string {
  const { options, source, recorder } = prepared;
  const where = !sandbox
    ? `gateway ${gateway.gatewayUrl}`
    : source?.kind === 'recording'
      ? `embedded sandbox at ${sandbox.gatewayUrl} replaying ${options.scenarioFile} (speed ${options.speed})`
      : `embedded sandbox at ${sandbox.gatewayUrl} (speed ${options.speed}${options.scenario ? `, scenario ${options.scenario}` : ''})`;
  return recorder ? `${where}; recording every exchange to ${options.record}` : where;
}

/** What one run of the command works with besides its settings. */
interface RunSession {
  readonly reporter: Reporter;
  readonly controller: AbortController;
  readonly resources: Array<() => unknown>;
  readonly scrub: PersonalScrub;
}

/** Ctrl-C, SIGTERM and SIGHUP stop the run (its flow saved); unhooked as the run ends. */
function stopOnSignals(controller: AbortController, resources: Array<() => unknown>): void {
  const interrupt = () => controller.abort(new Interrupted());
  // `on`, not `once`: a terminal's Ctrl+C reaches tsx and this process both, and tsx relays it again.
  for (const signal of STOPPING_SIGNALS) process.on(signal, interrupt);
  resources.push(() => {
    for (const signal of STOPPING_SIGNALS) process.off(signal, interrupt);
  });
}

/** Shows each event; what the OCR read is kept out of output from then on, this event included. */
const showing = (reporter: Reporter, scrub: PersonalScrub) => (event: HeadlessEvent) => {
  if (event.type === 'flow' && event.event.type === 'ocrResult') scrub.learn(event.event.result);
  reporter.event(event);
};

class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted');
  }
}

/**
 * stdout and stderr, scrubbed. Patterns catch emails and file URLs; a gateway's free text
 * may also echo the customer's name or address, which only the profile's own values (and
 * those read off the customer's document) give away.
 */
function scrubbedOutputs(scrub: PersonalScrub): { out: TextOutput; err: TextOutput } {
  return { out: scrubbed(process.stdout, scrub), err: scrubbed(process.stderr, scrub) };
}

function createReporter(options: RunOptions, err: TextOutput, scrub: PersonalScrub): Reporter {
  // Scrubbed value by value, not as text: a line of NDJSON must stay JSON (see `scrubValues`).
  if (options.json) return createJsonReporter(process.stdout, { scrub });
  return process.stderr.isTTY ? createLiveReporter(err) : createLineReporter(err);
}

/** `fetch` (else the platform's) that runs `answered` once each answer has come. */
const rememberingFetch =
  (fetch: typeof globalThis.fetch | undefined, answered: () => void): typeof globalThis.fetch =>
  async (input, init) => {
    const response = await (fetch ?? globalThis.fetch)(input, init);
    answered();
    return response;
  };

async function connect(
  prepared: Prepared,
): Promise<{ gateway: GatewaySettings; sandbox?: Sandbox }> {
  const { options, source } = prepared;
  if (options.gateway) return { gateway: options.gateway };
  // Loaded only when needed: a run against a real gateway never pays for the sandbox.
  const { startSandbox } = await import('../../../sandbox/index.js');
  const sandbox = await startSandbox({
    ...(prepared.sandboxMemory?.memory && { memory: prepared.sandboxMemory.memory }),
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
