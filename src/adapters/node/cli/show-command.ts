import { parseArgs } from 'node:util';
import type { FlowView } from '../../../machine/index.js';
import { asksForJson, failWith } from './command-failure.js';
import { EXIT_CODES } from './exit-codes.js';
import { describeHistory, type SavedHistory } from './state-file-history.js';
import { readStateFileAsIs, type ShownStateFile } from './state-file-view.js';
import { lockHolderOf } from './state-lock.js';
import { UsageError } from './usage-error.js';

const usage = `usage: kyc-flow show <state-file> [--json]

Prints where the flow a --state-file holds stands, sending nothing: when it was saved and
for which gateway, whether a run drives it now, its execution, step and node, the error it
stopped on or its outcome, the answer it holds and whether the gateway took it, one-time
codes sent and attempts left, when it last sent and read, what it waits for, and what the
next run does with it. Personal data (name, email, phone, document fields, file URLs) is
not shown.
  --json   one JSON object instead of lines`;

/** The step a flow stopped at, and what running it again does there. */
const NEXT: Partial<Record<FlowView['step'], string>> = {
  needsAttention:
    'runs again from here once the cause is fixed: it reads the execution first, then answers what it asks',
  suspended: 'reads the execution again, then carries on where the gateway stands',
  pendingReview: 'asks the gateway once for the decision, and stops here again while review lasts',
  unknownNode: 'asks the gateway once whether the node moved on, and stops here again if not',
  registering:
    'registers the customer again (the gateway answers a known one with the same customer), then starts the execution',
  starting:
    'sends the start again with the same referenceId (answered with the execution it already began, as kyc-flow assumes and the sandbox does), then carries on',
};

/**
 * A flow saved while it sent the answer it holds: restored there, the run sends it again
 * before anything else (the call in flight is not known to have arrived).
 */
const resendsFirst = (view: FlowView, held: SavedHistory['held']): string | undefined =>
  held && view.state.split('.').at(-1) === 'submitting'
    ? `sends the answer it holds (${held.answer}) again first, under the same callbackKey ${held.callbackKey}, which the gateway applies once; then it reads the execution and carries on`
    : undefined;

/** A one-time code turned down at the node: the profile's code is what must change. */
const codeTurnedDown = (view: FlowView): boolean =>
  view.otp !== undefined && view.state.split('.').some((s) => s === 'wrongCode' || s === 'locked');

const describeNext = (view: FlowView, path: string, history: SavedHistory): string => {
  if (view.done)
    return `kyc-flow run --state-file ${path} tells this outcome and sends nothing (delete the file to onboard the customer afresh)`;
  if (codeTurnedDown(view)) {
    const run = `kyc-flow run --state-file ${path} with the profile's one-time code changed (otp.code or otp.env)`;
    // Locked, no code is checked before a new one is sent, so the run cannot tell an old one.
    return view.state.includes('.locked')
      ? `${run} has a new code sent to the customer (this one is locked) and verifies the profile's against it: run it once the profile holds the code to try`
      : `${run} verifies that code; with the code the gateway turned down here it stops again (exit 19), sending nothing`;
  }
  const what =
    view.notBefore === undefined
      ? (resendsFirst(view, history.held) ??
        NEXT[view.step] ??
        'carries on from this step, reading the execution first')
      : `sends nothing before ${new Date(view.notBefore).toISOString()} (the gateway's Retry-After); after that it ${NEXT.suspended}`;
  return `kyc-flow run --state-file ${path} (with the profile it started with) ${what}`;
};

const since = (savedAt: string, now: number): string => {
  const seconds = Math.max(0, Math.round((now - Date.parse(savedAt)) / 1000));
  if (!Number.isFinite(seconds)) return savedAt;
  const ago =
    seconds < 120
      ? `${seconds} s`
      : seconds < 7200
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round(seconds / 3600)} h`;
  return `${savedAt} (${ago} ago)`;
};

/** The lines `kyc-flow show` prints for a state file. */
export function describeStateFile(shown: ShownStateFile, now = Date.now()): string[] {
  const { view, path } = shown;
  const lines = [
    `${path}: saved ${since(shown.savedAt, now)}${shown.gateway ? `, on ${shown.gateway}` : ''}`,
    `  run       ${shown.heldBy ?? 'none drives it now'}`,
    `  customer  ${view.customerId ?? '(by email)'}, referenceId ${view.referenceId}`,
    `  execution ${view.executionId ?? 'none yet (the gateway has not started one)'}`,
    `  step      ${view.step} (state ${view.state})`,
  ];
  if (view.node) {
    const { nodeType, nodeId, callbackKey } = view.node;
    lines.push(`  node      ${nodeType}${nodeId ? ` ${nodeId}` : ''}, callbackKey ${callbackKey}`);
  }
  if (view.error) {
    const { code, message, retryable } = view.error;
    lines.push(`  error     ${code}: ${message}${retryable ? ' (retryable)' : ''}`);
  }
  if (view.outcome) {
    const { status } = view.outcome;
    const decision = 'decision' in view.outcome ? ` ${view.outcome.decision}` : '';
    lines.push(`  outcome   ${status}${decision}`);
  }
  lines.push(...describeHistory(shown.history, view.node !== undefined));
  if (view.expects.length > 0) lines.push(`  waits for ${view.expects.join(', ')}`);
  lines.push(`  next      ${describeNext(view, path, shown.history)}`);
  return lines;
}

/** An option `parseArgs` does not know, or one given without its value. */
const isParseError = (error: unknown): error is Error =>
  error instanceof TypeError &&
  'code' in error &&
  typeof error.code === 'string' &&
  error.code.startsWith('ERR_PARSE_ARGS');

/** `kyc-flow show <state-file> [--json]`: where a saved flow stands, on stdout. */
export async function showCommand(args: string[]): Promise<number> {
  const fail = failWith('show', asksForJson(args));
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return EXIT_CODES.approved;
    }
    const [path, ...extra] = positionals;
    if (path === undefined || extra.length > 0) {
      return fail(EXIT_CODES.usage, 'expected one state file', usage);
    }
    const file = await readStateFileAsIs(path);
    const shown: ShownStateFile = { ...file, heldBy: await lockHolderOf(path) };
    process.stdout.write(
      values.json ? `${JSON.stringify(shown)}\n` : `${describeStateFile(shown).join('\n')}\n`,
    );
    return EXIT_CODES.approved;
  } catch (error) {
    if (error instanceof UsageError) return fail(EXIT_CODES.usage, error.message);
    if (!isParseError(error)) throw error;
    return fail(EXIT_CODES.usage, error.message, usage);
  }
}
