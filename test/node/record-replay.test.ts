import { describe, expect, it } from 'vitest';
import { createShaper } from '../../src/adapters/node/record-shape.js';
import {
  createReplayPlayer,
  parseRecording,
  type RecordedExchange,
  RecordingError,
} from '../../src/sandbox/index.js';

const HEADER = {
  kind: 'kyc-flow.recording',
  formatVersion: 1,
  recordedAt: '2025-01-01T00:00:00Z',
} as const;

const ok = (data: unknown) => ({ apiCode: 200, apiMsg: 'OK', data });
const waitingOn = (callbackKey: string, nodeType: string) =>
  ok({
    executionId: '<id:e1>',
    status: 'WAITING',
    currentNode: { nodeId: '<id:d1>', nodeType, callbackKey },
  });

let seq = 0;
const exchange = (method: string, answer: unknown, request?: unknown): RecordedExchange => {
  seq += 1;
  return { seq, at: seq * 10, ms: 0, method, status: 200, answer, request } as RecordedExchange;
};

describe('recording shapes', () => {
  it('keeps the contract, drops the person, and names ids by salted pseudonyms', () => {
    const shaper = createShaper();
    const body = {
      executionId: 'exec-1',
      callbackKey: 'kyc:ocr:exec-1:1',
      personData: JSON.stringify({ name: 'Jane Doe', dateOfBirth: '1990-01-01' }),
      status: 'WAITING',
      docType: 'BANK_STATEMENT',
      remainingAttempts: 2,
      email: 'jane@example.com',
      region: 'SG',
    };
    expect(shaper.body(body)).toEqual({
      executionId: expect.stringMatching(/^<id:[0-9a-f]{10}>$/),
      callbackKey: expect.stringMatching(/^<id:[0-9a-f]{10}>$/),
      personData: { $json: { name: '<string:8>', dateOfBirth: '<string:10>' } },
      status: 'WAITING',
      docType: 'BANK_STATEMENT',
      remainingAttempts: 2,
      email: '<string:16>',
      region: '<string:2>',
    });
    const again = shaper.body({ executionId: 'exec-1' }) as { executionId: string };
    expect(again.executionId).toBe((shaper.body(body) as { executionId: string }).executionId);
    expect(createShaper().body({ executionId: 'exec-1' })).not.toEqual(again);
    expect(shaper.body({ apiCode: 999301, apiMsg: 'email jane@example.com taken' })).toEqual({
      apiCode: 999301,
      apiMsg: 'email [redacted] taken',
    });
  });
});

describe('replaying a recording', () => {
  const node = (key: string) => waitingOn(`<id:${key}>`, 'flow_action_individual_particular');
  const recording = () => {
    seq = 0;
    return {
      header: HEADER,
      exchanges: [
        exchange('workflow.execution.status', ok({ executionId: '<id:e1>', status: 'RUNNING' })),
        exchange('workflow.execution.status', node('c1')),
        exchange('workflow.kyc.particular.data', ok({ accepted: true }), {
          callbackKey: '<id:c1>',
        }),
        exchange('workflow.execution.status', ok({ executionId: '<id:e1>', status: 'RUNNING' })),
        exchange('workflow.execution.status', ok({ executionId: '<id:e1>', status: 'RUNNING' })),
        exchange(
          'workflow.execution.status',
          ok({ executionId: '<id:e1>', status: 'COMPLETED', result: { decision: 'APPROVED' } }),
        ),
      ],
    };
  };
  const statusOf = (turn: ReturnType<ReturnType<typeof createReplayPlayer>['next']>) =>
    turn.kind === 'answer' ? (JSON.parse(turn.body).data.status as string) : turn.kind;

  it('answers a node for as long as the client takes to answer it, then moves on', () => {
    const player = createReplayPlayer(recording());
    const poll = () => statusOf(player.next('workflow.execution.status', { executionId: 'x' }));
    expect(poll()).toBe('RUNNING');
    // The client looks three times while it answers; the recording saw it once.
    expect([poll(), poll(), poll()]).toEqual(['WAITING', 'WAITING', 'WAITING']);
    const submitted = player.next('workflow.kyc.particular.data', { callbackKey: 'real-key' });
    expect(submitted.kind).toBe('answer');
    // RUNNING as often as recorded (the client's polling paces the same), then the outcome.
    expect([poll(), poll(), poll(), poll()]).toEqual([
      'RUNNING',
      'RUNNING',
      'COMPLETED',
      'COMPLETED',
    ]);
    expect(player.summary()).toMatchObject({
      served: 6,
      recorded: 6,
      repeated: { 'workflow.execution.status': 3 },
      unrecorded: {},
    });
  });

  it('answers ids as the client knows them, and refuses a method it never saw', () => {
    const player = createReplayPlayer(recording());
    player.next('workflow.kyc.particular.data', { callbackKey: 'kyc:particular:42' });
    player.next('workflow.execution.status', {});
    const turn = player.next('workflow.execution.status', {});
    expect(turn.kind === 'answer' && JSON.parse(turn.body).data.currentNode.callbackKey).toBe(
      'kyc:particular:42',
    );
    expect(player.next('workflow.kyc.otp.send', {})).toEqual({ kind: 'unrecorded' });
    expect(player.summary().unrecorded).toEqual({ 'workflow.kyc.otp.send': 1 });
  });

  it('names the line and field of a damaged recording', () => {
    const lines = [JSON.stringify(HEADER), '{"seq":1,"at":0,"ms":0}', '{"seq":2'];
    expect(() => parseRecording(lines.slice(0, 2).join('\n'), 'rec.ndjson')).toThrow(
      /rec.ndjson: line 2: method/,
    );
    expect(() => parseRecording(lines.join('\n'), 'rec.ndjson')).toThrow(RecordingError);
    expect(() => parseRecording('{"kind":"other"}', 'rec.ndjson')).toThrow(/line 1: kind/);
  });
});
