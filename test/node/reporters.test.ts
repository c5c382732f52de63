import { describe, expect, it, vi } from 'vitest';
import { describeResult } from '../../src/adapters/node/cli/describe-event.js';
import { createJsonReporter } from '../../src/adapters/node/cli/json-reporter.js';
import { createLineReporter, QUIET_LINE_MS } from '../../src/adapters/node/cli/line-reporter.js';
import { createLiveReporter } from '../../src/adapters/node/cli/live-reporter.js';
import { valueRedactor } from '../../src/adapters/node/cli/profile-values.js';
import { scrubJsonText } from '../../src/adapters/node/cli/scrub-values.js';
import type { HeadlessEvent } from '../../src/adapters/node/run-events.js';
import { textSink } from '../support/text-sink.js';

const node = {
  nodeId: 'n1',
  nodeType: 'flow_action_individual_particular',
  callbackKey: 'kyc:particular:ex_1:1',
};
const run: HeadlessEvent[] = [
  { type: 'started', referenceId: 'ref-1' },
  { type: 'state', state: 'registering', step: 'registering' },
  { type: 'state', state: 'tracking.polling', step: 'polling', executionId: 'ex_1' },
  { type: 'flow', event: { type: 'nodeWaiting', node, step: 'particulars' } },
  {
    type: 'state',
    state: 'tracking.particulars.awaitingInput',
    step: 'particulars',
    executionId: 'ex_1',
    nodeType: node.nodeType,
  },
  {
    type: 'answering',
    kind: 'particulars',
    nodeType: node.nodeType,
    callbackKey: node.callbackKey,
  },
  { type: 'sent', event: 'SUBMIT_PARTICULARS', callbackKey: node.callbackKey },
  {
    type: 'state',
    state: 'tracking.particulars.submitting',
    step: 'particulars',
    executionId: 'ex_1',
    nodeType: node.nodeType,
  },
  { type: 'saved', key: 'ref-1' },
  { type: 'done', outcome: { status: 'completed', decision: 'APPROVED', executionId: 'ex_1' } },
];

describe('reporters', () => {
  it('NDJSON: one parsable object per line, each with its time', () => {
    const out = textSink();
    const reporter = createJsonReporter(out.stream);
    for (const event of run) reporter.event(event);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(run.length);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map((event) => event.type)).toEqual(run.map((event) => event.type));
    for (const event of parsed) expect(event.at).toEqual(expect.any(Number));
  });

  it('NDJSON: a profile value kept out of every string, number and key, each line still JSON', () => {
    // An OTP code is all digits; a form answer may read like a JSON literal.
    const scrub = valueRedactor(['123456', 'true', 'Jane Doe']);
    const out = textSink();
    // The line's own time may happen to be the code too.
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const reporter = createJsonReporter(out.stream, { scrub, startedAt: 1_000_000 - 123_456 });
      const config = { timeoutMs: 123456, ratio: 12.3456, on: true, 'Jane Doe': 1 };
      reporter.event({ type: 'flow', event: { type: 'unknownNode', node: { ...node, config } } });
      reporter.note('code 123456 sent to Jane Doe, true');
    } finally {
      vi.useRealTimers();
    }
    const lines = out.text().trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed[0].at).toBe('[redacted]');
    expect(parsed[0].event.node.config).toEqual({
      timeoutMs: '[redacted]',
      ratio: '[redacted]',
      on: true,
      '[redacted]': 1,
    });
    expect(parsed[1]).toMatchObject({
      type: 'note',
      text: 'code [redacted] sent to [redacted], [redacted]',
    });
    expect(out.text()).not.toMatch(/123456|Jane Doe/);
  });

  it("the inspector's messages: scrubbed value by value, still JSON; other text as text", () => {
    const scrub = valueRedactor(['123456']);
    const message = JSON.stringify({ type: '@xstate.event', event: { code: 123456, at: 123456 } });
    expect(JSON.parse(scrubJsonText(message, scrub))).toEqual({
      type: '@xstate.event',
      event: { code: '[redacted]', at: '[redacted]' },
    });
    expect(scrubJsonText('code 123456', scrub)).toBe('code [redacted]');
  });

  it('plain lines: one per step and milestone, no control characters', () => {
    const out = textSink();
    const reporter = createLineReporter(out.stream);
    for (const event of run) reporter.event(event);
    const text = out.text();
    expect(text.includes('\u001b') || text.includes('\r')).toBe(false);
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('step particulars'))).toHaveLength(1);
    expect(
      lines.some((line) =>
        /answering particulars \(flow_action_individual_particular\)/.test(line),
      ),
    ).toBe(true);
    expect(lines.some((line) => line.includes('sent SUBMIT_PARTICULARS'))).toBe(true);
    expect(lines.every((line) => /^\[\d\d:\d\d\] /.test(line))).toBe(true);
  });

  it('plain lines: a status or a node type the guide does not list is told, as a stuck flow shows it', () => {
    const out = textSink();
    const reporter = createLineReporter(out.stream);
    reporter.event({ type: 'flow', event: { type: 'unknownStatus', status: 'PAUSED' } });
    const video = { ...node, nodeType: 'flow_action_video_call' };
    reporter.event({ type: 'flow', event: { type: 'unknownNode', node: video } });
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/the execution is PAUSED, a status the guide does not list/);
    expect(lines[1]).toMatch(/does not know: flow_action_video_call$/);
  });

  it('plain lines: a quiet minute gets a line saying where the flow still is, until news', () => {
    vi.useFakeTimers();
    try {
      const out = textSink();
      const reporter = createLineReporter(out.stream);
      reporter.event({ type: 'state', state: 'tracking.polling', step: 'polling' });
      vi.advanceTimersByTime(QUIET_LINE_MS - 1_000);
      expect(out.text()).not.toContain('still');
      vi.advanceTimersByTime(2 * QUIET_LINE_MS);
      const quiet = out.text().trimEnd().split('\n').slice(1);
      expect(quiet).toEqual([
        '[01:00] still polling: nothing new for 1 min',
        '[02:00] still polling: nothing new for 2 min',
      ]);
      reporter.event({ type: 'flow', event: { type: 'nodeWaiting', node, step: 'particulars' } });
      vi.advanceTimersByTime(QUIET_LINE_MS / 2);
      reporter.close();
      vi.advanceTimersByTime(5 * QUIET_LINE_MS);
      expect(out.text().trimEnd().split('\n')).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('plain lines: the execution is named once it is known, and in each quiet line after', () => {
    vi.useFakeTimers();
    try {
      const out = textSink();
      const reporter = createLineReporter(out.stream);
      for (const event of run.slice(0, 5)) reporter.event(event);
      vi.advanceTimersByTime(QUIET_LINE_MS);
      reporter.close();
      const lines = out.text().trimEnd().split('\n');
      expect(lines.filter((line) => line.endsWith('following execution ex_1'))).toHaveLength(1);
      expect(lines.at(-1)).toBe(
        '[01:00] still particulars (execution ex_1): nothing new for 1 min',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('live line: redrawn in place with the state and the node being answered, cleared at the end', () => {
    const out = textSink();
    const reporter = createLiveReporter(out.stream);
    for (const event of run.slice(0, 7)) reporter.event(event);
    reporter.close();
    expect(out.text()).toContain('following execution ex_1\n');
    const frames = out.text().split('\r\u001b[2K');
    expect(
      frames.some(
        (frame) =>
          frame.includes('tracking.particulars.awaitingInput') &&
          frame.includes('answering flow_action_individual_particular'),
      ),
    ).toBe(true);
    expect(out.text().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('names each outcome in capitals', () => {
    expect(describeResult({ status: 'completed', decision: 'APPROVED', executionId: 'ex_1' })).toBe(
      'APPROVED (execution ex_1)',
    );
    expect(
      describeResult({ status: 'completed', decision: 'REJECTED', executionId: 'ex_1' }),
    ).toMatch(/^REJECTED/);
    expect(describeResult({ status: 'pendingReview', executionId: 'ex_1' })).toMatch(
      /^PENDING REVIEW/,
    );
    expect(describeResult({ status: 'timedOut' })).toBe('TIMED OUT');
  });
});
