import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchReport } from '../../src/adapters/node/cli/batch-report.js';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';

const CLEAR = '\r\u001b[2K';

/** What `kyc-flow batch` writes, stdout and stderr apart, with stderr a terminal or not. */
function capture(terminal: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  Object.defineProperty(process.stderr, 'isTTY', { value: terminal, configurable: true });
  return { out, err };
}

const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['Date'] });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
  else Reflect.deleteProperty(process.stderr, 'isTTY');
});

describe('kyc-flow batch: what it prints', () => {
  it('on a terminal, keeps one live progress line on stderr, redrawn in place', () => {
    const { out, err } = capture(true);
    const report = createBatchReport(3, false);
    report.progress({ running: 2, parked: 1 });
    vi.setSystemTime(2_000);
    report.flow({ line: 1, jobId: 'job-a', outcome: 'approved' });
    report.progress({ running: 1, parked: 1 });
    expect(err).toEqual([
      `${CLEAR}done 0/3 · running 2 · parked 1 · 0.0 flows/s`,
      CLEAR,
      `${CLEAR}done 1/3 · running 1 · parked 1 · approved 1 · 0.5 flows/s`,
    ]);
    // Lines of flows done go to stdout, the progress line never does.
    expect(out).toEqual(['line 1: approved (job-a)\n']);
  });

  it('through a pipe, prints no progress line at all: only the flows and the summary', () => {
    const { out, err } = capture(false);
    const report = createBatchReport(2, true);
    report.progress({ running: 2, parked: 0 });
    report.flow({ line: 1, jobId: 'job-a', outcome: 'approved' });
    report.flow({ line: 2, jobId: 'job-b', outcome: 'rejected' });
    report.progress({ running: 0, parked: 0 });
    expect(report.finish()).toBe(EXIT_CODES.rejected);
    expect(err).toEqual([]);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      { line: 1, jobId: 'job-a', outcome: 'approved' },
      { line: 2, jobId: 'job-b', outcome: 'rejected' },
      { total: 2, outcomes: { approved: 1, rejected: 1 } },
    ]);
  });

  it('clears the progress line before its closing sentence', () => {
    const { out, err } = capture(true);
    const report = createBatchReport(1, false);
    report.progress({ running: 1, parked: 0 });
    report.flow({ line: 1, jobId: 'job-a', outcome: 'approved' });
    expect(report.finish()).toBe(EXIT_CODES.approved);
    expect(err.at(-1)).toBe(CLEAR);
    expect(out.at(-1)).toBe('1 onboarding: 1 approved\n');
  });

  it("prints BullMQ's reason for a job it failed, and a lost job exits as an internal error", () => {
    const { out } = capture(false);
    const report = createBatchReport(2, false);
    report.flow({ line: 1, jobId: 'job-a', outcome: 'lost' });
    report.flow({ line: 2, jobId: 'job-b', outcome: 'internal', reason: 'job stalled' });
    expect(report.finish()).toBe(EXIT_CODES.internal);
    expect(out).toEqual([
      'line 1: lost (job-a)\n',
      'line 2: internal (job-b): job stalled\n',
      '2 onboardings: 1 internal, 1 lost\n',
    ]);
  });
});
