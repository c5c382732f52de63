import type { ScenarioSource } from '../../../sandbox/replay-file.js';
import { loadProfile } from '../load-profile.js';
import type { CustomerProfile } from '../profile.js';
import { createRecorder, type Recorder } from '../recorder.js';
import { NotARegularFileError } from '../regular-file.js';
import { findSampleProfile } from './default-profile.js';
import { personalScrub } from './profile-values.js';
import { resumedScenario } from './resumed-scenario.js';
import { parseRunOptions, type RunOptions } from './run-options.js';
import { openSandboxMemory, type SandboxMemoryFile } from './sandbox-memory-file.js';
import { EMBEDDED_SANDBOX, gatewayOrigin, openStateFile, type StateFile } from './state-file.js';
import { UsageError } from './usage-error.js';

/** Everything checked before anything is sent. */
export interface Prepared {
  readonly options: RunOptions;
  readonly profile: CustomerProfile;
  readonly source?: ScenarioSource;
  readonly state?: StateFile;
  /** Beside the state file, what the embedded sandbox remembers (not for a replay). */
  readonly sandboxMemory?: SandboxMemoryFile;
  readonly recorder?: Recorder;
}

/**
 * Reads everything `kyc-flow run` was given: options, profile, scenario file, state file and
 * recording, each refused with a `UsageError` (or `ProfileError`) before anything is sent.
 */
export async function prepare(args: string[]): Promise<Prepared | 'help'> {
  const options = await parseRunOptions(args);
  if (options.help) return 'help';
  for (const warning of options.warnings)
    process.stderr.write(`kyc-flow run: warning: ${warning}\n`);
  const path = options.profile ?? (await findSampleProfile());
  if (path === undefined) throw new UsageError('no --profile given and no sample profile found');
  const profile = await loadProfile(path);
  const source = await scenarioSource(options);
  const state = options.stateFile
    ? await openStateFile(options.stateFile, gatewayOf(options))
    : undefined;
  try {
    return await prepareRun(options, profile, source, state);
  } catch (error) {
    await state?.release();
    throw error;
  }
}

/** The rest of `prepare`, once the state file is held. */
async function prepareRun(
  options: RunOptions,
  profile: CustomerProfile,
  source: ScenarioSource | undefined,
  state: StateFile | undefined,
): Promise<Prepared> {
  if (state) checkSameGateway(state, options);
  // A flow of the embedded sandbox carries on in the scenario it began in.
  const scenario =
    state && !options.gateway
      ? resumedScenario(state.flow, profile.customer, { ...options, path: state.path })
      : options.scenario;
  // The embedded sandbox lives as long as its run; what it remembered lives beside the state
  // file, so that a new one knows the execution. A replay plays its recording afresh.
  const remembers = state && !options.gateway && source?.kind !== 'recording';
  const sandboxMemory = remembers ? openSandboxMemory(state.path) : undefined;
  // A flow that has its outcome sends nothing more: its sandbox's memory went with it.
  const sends = state !== undefined && !state.ended;
  if (sends && state.executionId !== undefined && !options.gateway && !sandboxMemory?.memory) {
    throw new UsageError(
      `--state-file: the flow in ${state.path} follows an execution of an embedded sandbox that is gone (${remembers ? `${sandboxMemory?.path} is missing` : 'a replay starts afresh'}); serve a sandbox that outlives runs (kyc-flow sandbox) and pass --gateway, or start afresh with another state file`,
    );
  }
  // Last: opening the recording empties the file, which only a run that goes ahead may do.
  const recorder = options.record ? await openRecorder(options.record, profile) : undefined;
  return {
    options: scenario === options.scenario ? options : { ...options, scenario },
    profile,
    source,
    state,
    recorder,
    ...(sandboxMemory && { sandboxMemory }),
  };
}

/** Where the run sends, as a state file records it. */
const gatewayOf = (options: RunOptions): string =>
  options.gateway ? gatewayOrigin(options.gateway.gatewayUrl) : EMBEDDED_SANDBOX;

/**
 * A flow resumes where it began. Elsewhere (another environment, a sandbox on another port)
 * its execution is unknown, or another one by that id: refused before anything is sent.
 * A file written before state files recorded their gateway resumes as it did.
 */
function checkSameGateway(state: StateFile, options: RunOptions): void {
  const saved = state.savedGateway;
  const here = gatewayOf(options);
  if (saved === undefined || saved === here) return;
  const where = (gateway: string) =>
    gateway === EMBEDDED_SANDBOX ? 'the embedded sandbox' : `the gateway at ${gateway}`;
  const hereText =
    here === EMBEDDED_SANDBOX
      ? `${where(here)} (no --gateway or KYC_GATEWAY_URL given)`
      : where(here);
  const resume =
    saved === EMBEDDED_SANDBOX
      ? 'run without --gateway and KYC_GATEWAY_URL to resume it in the embedded sandbox'
      : `pass --gateway (or KYC_GATEWAY_URL) with a URL at ${saved} to resume it`;
  throw new UsageError(
    `--state-file: the flow in ${state.path} was started on ${where(saved)}, and this run would send to ${hereText}, where its customer and execution are unknown; ${resume}, or use another state file to start a new onboarding there`,
  );
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

async function openRecorder(path: string, profile: CustomerProfile): Promise<Recorder> {
  try {
    // The gateway's own messages are kept, without what the profile says of the customer.
    return await createRecorder(path, { scrubMessage: personalScrub(profile) });
  } catch (error) {
    const reason =
      error instanceof NotARegularFileError
        ? `is ${error.kind}`
        : `cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new UsageError(`--record ${path} ${reason}`);
  }
}
