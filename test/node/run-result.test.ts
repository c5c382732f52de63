import { describe, expect, it } from 'vitest';
import { describeResult } from '../../src/adapters/node/cli/describe-event.js';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { attentionHint } from '../../src/adapters/node/cli/run-hints.js';
import { exitCodeOf, isFinal, type RunResult } from '../../src/adapters/node/cli/run-result.js';

const error = (code: string, message: string, apiCode?: number) => ({
  code,
  message,
  retryable: false,
  ...(apiCode === undefined ? {} : { apiCode }),
});

const CASES: ReadonlyArray<readonly [RunResult, number, RegExp]> = [
  [
    { status: 'completed', decision: 'APPROVED', executionId: 'e' },
    EXIT_CODES.approved,
    /^APPROVED/,
  ],
  [
    { status: 'completed', decision: 'REJECTED', executionId: 'e' },
    EXIT_CODES.rejected,
    /^REJECTED/,
  ],
  [
    { status: 'completed', decision: 'UNKNOWN', executionId: 'e', result: {} },
    EXIT_CODES.decisionUnknown,
    /^COMPLETED, DECISION UNKNOWN/,
  ],
  [{ status: 'failed', executionId: 'e' }, EXIT_CODES.failed, /^FAILED/],
  [
    { status: 'failed', error: error('GATEWAY_ERROR', 'register failed: 999001', 999001) },
    EXIT_CODES.credentialsRefused,
    /^CREDENTIALS REFUSED/,
  ],
  [
    { status: 'failed', error: error('GATEWAY_ERROR', 'register failed: 999303', 999303) },
    EXIT_CODES.credentialsRefused,
    /^CREDENTIALS REFUSED/,
  ],
  [
    { status: 'failed', error: error('TRANSPORT_ERROR', 'register failed: http (HTTP 401)') },
    EXIT_CODES.credentialsRefused,
    /^CREDENTIALS REFUSED/,
  ],
  [{ status: 'timedOut' }, EXIT_CODES.timedOut, /^TIMED OUT/],
  [{ status: 'cancelled' }, EXIT_CODES.cancelled, /^CANCELLED/],
  [{ status: 'pendingReview', executionId: 'e' }, EXIT_CODES.pendingReview, /^PENDING REVIEW/],
  [{ status: 'suspended' }, EXIT_CODES.suspended, /^SUSPENDED/],
  [
    { status: 'needsAttention', error: error('CONTRACT_BROKEN', 'status: currentNode.nodeType') },
    EXIT_CODES.contractBroken,
    /^CONTRACT BROKEN/,
  ],
  [
    {
      status: 'needsAttention',
      executionId: 'exec-1',
      error: error('GATEWAY_ERROR', 'workflow.execution.status failed: 999301', 999301),
    },
    EXIT_CODES.contractBroken,
    /^CONTRACT BROKEN/,
  ],
  // Refused before any execution began (register, start): no verdict, a code of its own.
  [
    {
      status: 'needsAttention',
      error: error('GATEWAY_ERROR', 'workflow.applicant.register failed: 999301', 999301),
    },
    EXIT_CODES.refused,
    /^REFUSED BEFORE IT BEGAN: GATEWAY_ERROR workflow.applicant.register failed: 999301/,
  ],
  // An answer the gateway never took: the chart's own stop, no verdict on the customer.
  [
    {
      status: 'needsAttention',
      executionId: 'e',
      error: error('ANSWER_NOT_TAKEN', 'the answer to flow_action_liveness_test was sent 9 times'),
    },
    EXIT_CODES.contractBroken,
    /^ANSWER NOT TAKEN \(execution e\): ANSWER_NOT_TAKEN the answer to flow_action_liveness_test/,
  ],
  // A status the guide does not list, read too long: the runner's stop, no verdict either.
  [
    {
      status: 'needsAttention',
      executionId: 'e',
      error: error('UNKNOWN_STATUS', 'the execution has been COMPLETE for 10 min'),
    },
    EXIT_CODES.contractBroken,
    /^UNKNOWN STATUS \(execution e\): UNKNOWN_STATUS the execution has been COMPLETE/,
  ],
  [
    { status: 'needsAttention', error: error('CREDENTIALS_REFUSED', 'sign refused', 999001) },
    EXIT_CODES.credentialsRefused,
    /^CREDENTIALS REFUSED/,
  ],
  [
    {
      status: 'unknownNode',
      executionId: 'e',
      node: { nodeId: 'n', nodeType: 'flow_action_video_call', callbackKey: 'k' },
    },
    EXIT_CODES.unknownNode,
    /^UNKNOWN NODE flow_action_video_call/,
  ],
];

describe('a run result', () => {
  it.each(CASES)('%j exits %i', (result, code, line) => {
    expect(exitCodeOf(result)).toBe(code);
    expect(describeResult(result)).toMatch(line);
  });

  it('a customer FAILED and a refused credential are told apart, each with its own hint', () => {
    const context = { unreachable: 'the gateway at gw:443 could not be reached', plain: true };
    expect(attentionHint({ status: 'failed', executionId: 'e' }, context)).toBeUndefined();
    expect(
      attentionHint({ status: 'failed', error: error('GATEWAY_ERROR', 'x', 999001) }, context),
    ).toMatch(/refused the credentials \(999001\)/);
    expect(
      attentionHint({ status: 'suspended', error: error('TRANSPORT_ERROR', 'x') }, context),
    ).toMatch(/^the gateway at gw:443 could not be reached; run with --state-file/);
  });

  it('names the time a Retry-After asked for, and that a run before it sends nothing', () => {
    const context = {
      unreachable: 'the gateway at gw:443 answers HTTP 429',
      stateFile: 'flow.json',
      plain: true,
    };
    const notBefore = Date.parse('2026-05-01T10:00:00Z');
    expect(
      attentionHint(
        { status: 'suspended', error: error('TRANSPORT_ERROR', 'x'), notBefore },
        context,
      ),
    ).toBe(
      'the gateway at gw:443 answers HTTP 429 and asked for no call before 2026-05-01T10:00:00.000Z (Retry-After); the flow is saved in flow.json: run again with the same --state-file to carry on, which sends nothing before then',
    );
  });

  it('tells an answer it cannot read from a call the gateway refuses', () => {
    const context = { unreachable: 'the gateway at gw:443 could not be reached', plain: true };
    const broken = error('CONTRACT_BROKEN', 'status: currentNode.nodeType');
    const refused = error('GATEWAY_ERROR', 'workflow.execution.status failed: 999301', 999301);
    expect(attentionHint({ status: 'needsAttention', error: broken }, context)).toMatch(
      /^a gateway response breaks the contract \(status: currentNode.nodeType\)/,
    );
    expect(
      attentionHint({ status: 'needsAttention', executionId: 'exec-1', error: refused }, context),
    ).toMatch(
      /^the gateway refuses a call this client makes as the guide shows it \(workflow.execution.status failed: 999301\)/,
    );
    const register = error('GATEWAY_ERROR', 'workflow.applicant.register failed: 999301', 999301);
    expect(attentionHint({ status: 'needsAttention', error: register }, context)).toMatch(
      /^the gateway refused the onboarding before it began \(workflow.applicant.register failed: 999301\): no execution was started and nothing was decided/,
    );
  });

  it('says a status the guide does not list decided nothing, and how to read it again', () => {
    const context = { unreachable: 'x', plain: true, stateFile: 'flow.json' };
    const unknown = error('UNKNOWN_STATUS', 'the execution has been COMPLETE for 10 min');
    expect(
      attentionHint({ status: 'needsAttention', executionId: 'e', error: unknown }, context),
    ).toMatch(
      /^the execution has been COMPLETE for 10 min: nothing was decided that this client can read; ask the vendor .*run again with the same --state-file/,
    );
  });

  it('says an answer the gateway never took was not decided on, and how to send it again', () => {
    const context = { unreachable: 'x', plain: true, stateFile: 'flow.json' };
    const notTaken = error(
      'ANSWER_NOT_TAKEN',
      'the answer to flow_action_liveness_test was sent 9 times',
    );
    expect(
      attentionHint({ status: 'needsAttention', executionId: 'e', error: notTaken }, context),
    ).toBe(
      'the gateway did not take the answer: the answer to flow_action_liveness_test was sent 9 times; nothing was decided; the flow is saved in flow.json: run again with the same --state-file to carry on (it sends an answer still to go again, and reads the node afresh) once the gateway takes answers',
    );
  });

  it('warns that carrying on after an unreadable start answer sends the start again', () => {
    const context = { unreachable: 'the gateway at gw:443 could not be reached', plain: true };
    const start = {
      ...error('CONTRACT_BROKEN', 'workflow.apply.submit response is invalid: executionId'),
      method: 'workflow.apply.submit',
    };
    const hint = attentionHint({ status: 'needsAttention', error: start }, context);
    expect(hint).toMatch(/^the gateway took the start but its answer breaks the contract/);
    expect(hint).toMatch(/may have begun an execution.*carrying on sends the start again/);
  });

  it('only a final outcome lets the state file go', () => {
    expect(CASES.filter(([result]) => isFinal(result)).map(([result]) => result.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'failed',
      'failed',
      'failed',
      'failed',
      'timedOut',
      'cancelled',
    ]);
  });
});
