import type { OutcomeName } from '../../queue/outcome.js';
import { EXIT_CODES } from './exit-codes.js';

/**
 * How a flow of a batch ended: its outcome's name, or `lost` for a queued job that no longer
 * exists (removed, its queue obliterated) with no outcome recorded.
 */
export type BatchOutcome = OutcomeName | 'lost';

/** How a batch ends: how many flows, and how many reached each outcome (by name, sorted). */
export interface BatchSummary {
  readonly total: number;
  readonly outcomes: Partial<Record<BatchOutcome, number>>;
}

/**
 * One flow of a batch done: its line in the file, its job id, its outcome, and for a job
 * BullMQ failed by its own hand, BullMQ's reason. No personal data.
 */
export interface BatchFlowDone {
  readonly line: number;
  readonly jobId: string;
  readonly outcome: BatchOutcome;
  readonly reason?: string;
}

export interface BatchProgress {
  readonly running: number;
  readonly parked: number;
}

/**
 * What `kyc-flow batch` prints: with `--json`, one NDJSON line per flow done then the
 * summary object; else one line per flow and a closing sentence. On a terminal, a live
 * progress line on stderr (done / running / parked / outcomes, rate).
 */
export function createBatchReport(total: number, json: boolean) {
  const outcomes = new Map<BatchOutcome, number>();
  const began = Date.now();
  let done = 0;
  const live = process.stderr.isTTY === true;
  const progress = (state: BatchProgress) => {
    if (!live) return;
    const rate = done / Math.max((Date.now() - began) / 1000, 0.001);
    const counts = [...outcomes].map(([name, count]) => `${name} ${count}`).join(', ');
    const line = `done ${done}/${total} · running ${state.running} · parked ${state.parked}${counts ? ` · ${counts}` : ''} · ${rate.toFixed(1)} flows/s`;
    process.stderr.write(`\r\u001b[2K${line}`);
  };
  return {
    progress,
    flow(flow: BatchFlowDone) {
      done += 1;
      outcomes.set(flow.outcome, (outcomes.get(flow.outcome) ?? 0) + 1);
      if (live) process.stderr.write('\r\u001b[2K');
      process.stdout.write(
        json
          ? `${JSON.stringify(flow)}\n`
          : `line ${flow.line}: ${flow.outcome} (${flow.jobId})${flow.reason ? `: ${flow.reason}` : ''}\n`,
      );
    },
    /** Prints the summary; resolves to the exit code of the worst outcome. */
    finish(): number {
      if (live) process.stderr.write('\r\u001b[2K');
      const summary = summaryOf(total, outcomes);
      process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `${sentence(summary)}\n`);
      return exitCodeOf(summary);
    },
  };
}

export function summaryOf(
  total: number,
  outcomes: ReadonlyMap<BatchOutcome, number>,
): BatchSummary {
  const sorted = [...outcomes].sort(([a], [b]) => a.localeCompare(b));
  return { total, outcomes: Object.fromEntries(sorted) };
}

const sentence = ({ total, outcomes }: BatchSummary) =>
  `${total} onboarding${total === 1 ? '' : 's'}: ${Object.entries(outcomes)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ')}`;

/** A flow's exit code: a lost job's is an internal error's (nothing says how it ended). */
const codeOf = (name: BatchOutcome): number =>
  name === 'lost' ? EXIT_CODES.internal : EXIT_CODES[name];

/** The exit code of the worst outcome (the highest code); approved when there is none. */
function exitCodeOf({ outcomes }: BatchSummary): number {
  const codes = Object.keys(outcomes).map((name) => codeOf(name as BatchOutcome));
  return Math.max(EXIT_CODES.approved, ...codes);
}
