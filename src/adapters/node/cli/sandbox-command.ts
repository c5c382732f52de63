import { parseArgs } from 'node:util';
import type { ReplaySummary } from '../../../sandbox/replay.js';
import { loadScenarioSource } from '../../../sandbox/replay-file.js';
import type { Recording } from '../../../sandbox/replay-format.js';
import { SCENARIO_NAMES } from '../../../sandbox/scenarios.js';
import { startSandbox } from '../../../sandbox/server.js';
import type { SandboxOptions, Scenario } from '../../../sandbox/types.js';
import { EXIT_CODES } from './exit-codes.js';
import { SPEED_RANGE } from './run-options.js';

const usage = `usage: kyc-flow sandbox [options]

Serves the embedded sandbox gateway on 127.0.0.1 until SIGTERM or Ctrl-C.

options:
  --port <n>             port to listen on (default 8787; 0 picks a free one)
  --speed <x>            divides every duration: RUNNING gaps, OCR, screening, OTP cooldown
                         (${SPEED_RANGE.min} to ${SPEED_RANGE.max}, default 1)
  --scenario <name>      default scenario: ${SCENARIO_NAMES.join(', ')} (default full),
                         or a name from --scenario-file
  --scenario-file <path> JSON file with one custom scenario or a list of them, or a
                         recording (kyc-flow run --record) to replay: every call is answered
                         as recorded, each method's exchanges in order
  --seed <n>             deterministic timings and ids (default: random, printed)
  --otp-code <digits>    the code every OTP accepts (default 123456)
  --fault-rate <0..1>    share of gateway calls that fail with a random fault (default 0)
  -h, --help             this text

Magic tags force a scenario per customer: customerId "C_42+rejected" or
email "jane+manual-review@example.com".`;

export interface CommandIo {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Stops the server like SIGTERM does (for hosts that run the command in process). */
  readonly signal?: AbortSignal;
}

class UsageError extends Error {}

/** A number `check` accepts; the message says what `expected` is. */
const number = (
  name: string,
  text: string | undefined,
  expected: string,
  check: (n: number) => boolean,
) => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name}: invalid value "${text}" (expected ${expected})`);
  }
  return value;
};
const whole = (min: number, max: number) => (n: number) =>
  Number.isInteger(n) && n >= min && n <= max;

async function optionsFrom(args: string[]): Promise<SandboxOptions | 'help'> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      speed: { type: 'string' },
      scenario: { type: 'string' },
      'scenario-file': { type: 'string' },
      seed: { type: 'string' },
      'otp-code': { type: 'string' },
      'fault-rate': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const port = number('port', values.port, 'a whole number from 0 to 65535', whole(0, 65_535));
  const { min, max } = SPEED_RANGE;
  const speed = number('speed', values.speed, `a number from ${min} to ${max}`, (n) => {
    return n >= min && n <= max;
  });
  const seed = number(
    'seed',
    values.seed,
    `a whole number from 0 to ${2 ** 32 - 1}`,
    whole(0, 2 ** 32 - 1),
  );
  const rate = number('fault-rate', values['fault-rate'], 'a number from 0 to 1', (n) => {
    return n >= 0 && n <= 1;
  });
  const otpCode = values['otp-code'];
  if (otpCode !== undefined && !/^\d{4,8}$/.test(otpCode)) {
    throw new UsageError(`--otp-code: expected 4 to 8 digits, got "${otpCode}"`);
  }
  let scenarios: Scenario[] = [];
  let replay: Recording | undefined;
  const file = values['scenario-file'];
  if (file !== undefined) {
    try {
      const source = await loadScenarioSource(file);
      if (source.kind === 'scenarios') scenarios = source.scenarios;
      else replay = source.recording;
    } catch (error) {
      throw new UsageError(`--scenario-file: ${(error as Error).message}`);
    }
  }
  if (replay && values.scenario !== undefined) {
    throw new UsageError('--scenario: a recording replays one flow as it was recorded');
  }
  const scenario = values.scenario ?? 'full';
  const known = [...SCENARIO_NAMES, ...scenarios.map((s) => s.name)];
  if (!known.includes(scenario)) {
    throw new UsageError(`--scenario: unknown "${scenario}" (known: ${known.join(', ')})`);
  }
  return {
    port: port ?? 8787,
    speed: speed ?? 1,
    seed: seed ?? Math.floor(Math.random() * 2 ** 32),
    scenario,
    scenarios,
    ...(otpCode === undefined ? {} : { otpCode }),
    ...(rate === undefined ? {} : { faults: { rate } }),
    ...(replay && { replay }),
  };
}

/**
 * Resolves on SIGTERM, SIGINT or the abort signal. Listening starts at once, before the
 * banner is printed: a supervisor may signal the moment it reads the banner.
 */
function stopRequest(signal: AbortSignal | undefined) {
  let dispose = () => {};
  const stopped = new Promise<string>((resolve) => {
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    const onAbort = () => stop('abort');
    dispose = () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      signal?.removeEventListener('abort', onAbort);
    };
    const stop = (name: string) => {
      dispose();
      resolve(name);
    };
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) stop('abort');
  });
  return { stopped, dispose: () => dispose() };
}

/** `kyc-flow sandbox`: serves the sandbox until SIGTERM/SIGINT, then exits 0. */
export async function sandboxCommand(args: string[], io: CommandIo = {}): Promise<number> {
  const out = io.stdout ?? ((text: string) => process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => process.stderr.write(text));
  let options: SandboxOptions | 'help';
  try {
    options = await optionsFrom(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`kyc-flow sandbox: ${message}\n\n${usage}\n`);
    return EXIT_CODES.usage;
  }
  if (options === 'help') {
    out(`${usage}\n`);
    return EXIT_CODES.approved;
  }

  const stop = stopRequest(io.signal);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    stop.dispose();
    const refused = portRefused(error, options.port);
    err(`kyc-flow sandbox: ${refused ?? `cannot start: ${(error as Error).message}`}\n`);
    return refused ? EXIT_CODES.usage : EXIT_CODES.internal;
  }
  const { apiKey, apiSecret, domainId } = sandbox.credentials;
  out(
    [
      'kyc-flow sandbox listening',
      `  gateway    ${sandbox.gatewayUrl}`,
      `  storage    ${sandbox.storageUrl}`,
      `  apiKey     ${apiKey}`,
      `  apiSecret  ${apiSecret}`,
      `  domainId   ${domainId}`,
      `  ${options.replay ? `replaying  ${options.replay.exchanges.length} recorded exchanges` : `scenario   ${String(options.scenario)}`}   speed ${options.speed}   seed ${options.seed}` +
        (options.faults ? `   fault rate ${options.faults.rate}` : ''),
      'SIGTERM or Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  const reason = await stop.stopped;
  const played = sandbox.stats().replay;
  await sandbox.close();
  if (played) out(`${describeReplay(played)}\n`);
  out(`kyc-flow sandbox stopped (${reason})\n`);
  return EXIT_CODES.approved;
}

/**
 * A port this process may not listen on: the user's choice of --port, not a fault of
 * ours (a usage error, nothing was served). Undefined for any other failure.
 */
function portRefused(error: unknown, port: number | undefined): string | undefined {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const choose = 'choose another with --port (0 picks a free one)';
  if (code === 'EADDRINUSE') return `port ${port} is in use (EADDRINUSE): ${choose}`;
  if (code === 'EACCES') return `port ${port} needs privileges this user lacks (EACCES): ${choose}`;
  return undefined;
}

/** How far a replay went, and where the calls left the recording. */
export function describeReplay(played: ReplaySummary): string {
  const list = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .map(([method, count]) => `${method} ×${count}`)
      .join(', ');
  const beyond = list(played.repeated);
  const unknown = list(played.unrecorded);
  return [
    `replayed ${played.served} of ${played.recorded} recorded exchanges`,
    beyond && `answered again past the end of their recording: ${beyond}`,
    unknown && `not in the recording: ${unknown}`,
  ]
    .filter(Boolean)
    .join('; ');
}
