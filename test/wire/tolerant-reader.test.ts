import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/services/errors/index.js';
import { plainWireCodec } from '../../src/services/plain-codec.js';
import {
  answeredExecutionId,
  callbackKeyFor,
  fallbackCallbackKey,
  isKnownStatus,
  type MethodName,
  readAnswer,
  readDecision,
  readStatus,
  registeredCustomerId,
  STARTED_STATUS,
  trackedExecution,
} from '../../src/services/wire/index.js';
import { zodWireCodec } from '../../src/services/zod-codec.js';

/**
 * The tolerant reader: what the guide shows is required, what the brief only assumes is
 * optional with a named fallback (src/services/wire/fallbacks.ts), unknown fields pass on.
 */

const EXEC = 'exec-1';

describe('each fallback of the tolerant reader', () => {
  it('reads a status in any case and keeps one the guide does not list', () => {
    expect(readStatus(' running ')).toBe('RUNNING');
    expect(readStatus('Pending')).toBe('PENDING');
    expect(isKnownStatus('RUNNING')).toBe(true);
    expect(isKnownStatus('PENDING')).toBe(false);
  });

  it('reads a decision in any case; anything else, or none, is UNKNOWN, never REJECTED', () => {
    expect(readDecision('approved')).toBe('APPROVED');
    expect(readDecision(' Rejected ')).toBe('REJECTED');
    for (const unknown of ['MANUAL_REVIEW', 'DECLINED', '', undefined, null, 1, { ok: true }]) {
      expect(readDecision(unknown)).toBe('UNKNOWN');
    }
  });

  it("keeps the customerId sent, whatever the register answer names; one sent by email alone is the answer's", () => {
    expect(registeredCustomerId(undefined, 'C_sent')).toBe('C_sent');
    expect(registeredCustomerId('', 'C_sent')).toBe('C_sent');
    expect(registeredCustomerId('C_someone_else', 'C_sent')).toBe('C_sent');
    expect(registeredCustomerId('C_gateway', undefined)).toBe('C_gateway');
    expect(registeredCustomerId('', undefined)).toBeUndefined();
    expect(registeredCustomerId(undefined, undefined)).toBeUndefined();
  });

  it('takes a start without status as CREATED, and a status answer without executionId as the one asked', () => {
    expect(readAnswer('workflow.apply.submit', { executionId: EXEC })).toEqual({
      executionId: EXEC,
      status: STARTED_STATUS,
    });
    expect(STARTED_STATUS).toBe('CREATED');
    expect(answeredExecutionId(undefined, EXEC)).toBe(EXEC);
    expect(answeredExecutionId('exec-2', EXEC)).toBe('exec-2');
  });

  it('derives a callbackKey the way the guide spells them: kind, execution, nodeId', () => {
    const particulars = { nodeType: 'flow_action_individual_particular', nodeId: 'node-2' };
    expect(fallbackCallbackKey(particulars, EXEC, [])).toBe(`kyc:particular:${EXEC}:node-2`);
    expect(callbackKeyFor('flow_action_identity_document', EXEC, 3)).toBe(`kyc:ocr:${EXEC}:3`);
    expect(callbackKeyFor('flow_action_brand_new', EXEC, 3)).toBe(`kyc:node:${EXEC}:3`);
  });

  it('numbers a node without nodeId by how many of its kind were answered, and a node waiting again after an answer as a new round', () => {
    const documents = { nodeType: 'flow_action_individual_required_document' };
    const first = fallbackCallbackKey(documents, EXEC, []);
    expect(first).toBe(`kyc:required_doc:${EXEC}:1`);
    expect(fallbackCallbackKey(documents, EXEC, [first])).toBe(`kyc:required_doc:${EXEC}:2`);
    const ocr = { nodeType: 'flow_action_identity_document', nodeId: 'node-1' };
    const taken = `kyc:ocr:${EXEC}:node-1`;
    expect(fallbackCallbackKey(ocr, EXEC, [taken])).toBe(`${taken}#2`);
    expect(fallbackCallbackKey(ocr, EXEC, [taken, `${taken}#2`])).toBe(`${taken}#3`);
  });

  it("reads an OTP answer's counts sent as numeric strings, leaves out one that is no number, and reads verified as a word", () => {
    const read = (method: MethodName, data: unknown) => zodWireCodec.readResponse(method, data);
    expect(
      read('workflow.kyc.otp.verify', { verified: 'False', remainingAttempts: ' 2 ' }),
    ).toEqual({ verified: false, remainingAttempts: 2 });
    expect(read('workflow.kyc.otp.verify', { verified: true, remainingAttempts: null })).toEqual({
      verified: true,
    });
    expect(read('workflow.kyc.otp.send', { requestId: 'r-1', cooldownSeconds: '60' })).toEqual({
      requestId: 'r-1',
      cooldownSeconds: 60,
    });
    // 1e400 is how JSON spells a number past what a double holds: Infinity, no count.
    for (const cooldownSeconds of ['soon', JSON.parse('1e400'), { seconds: 60 }]) {
      expect(read('workflow.kyc.otp.send', { requestId: 'r-1', cooldownSeconds })).toEqual({
        requestId: 'r-1',
      });
    }
  });

  it('reads a verify taken without a word on the code as it came (no `verified`), and nothing else as a wrong code', () => {
    const read = (data: unknown) => zodWireCodec.readResponse('workflow.kyc.otp.verify', data);
    expect(read(null)).toEqual({});
    expect(read({})).toEqual({});
    expect(read({ verified: null, remainingAttempts: 2 })).toEqual({ remainingAttempts: 2 });
    expect(read({ status: 'VERIFIED' })).toEqual({ status: 'VERIFIED' });
    expect(read({ verified: ' FALSE ' })).toEqual({ verified: false });
  });

  it("reads a send's requestId sent under another common name, as text", () => {
    const read = (data: unknown) => zodWireCodec.readResponse('workflow.kyc.otp.send', data);
    for (const name of ['requestID', 'request_id', 'otpId', 'id']) {
      expect(read({ [name]: 'r-1' })).toEqual({ [name]: 'r-1', requestId: 'r-1' });
    }
    expect(read({ requestId: null, otpId: 4711 })).toEqual({ otpId: 4711, requestId: '4711' });
    // The one named requestId wins; an empty or unreadable one under another name is none.
    expect(read({ requestId: 'r-1', id: 'other' })).toMatchObject({ requestId: 'r-1' });
    expect(read({ request_id: '', otpId: 'r-2' })).toMatchObject({ requestId: 'r-2' });
  });

  it('completes a status answer with what the flow knows and keeps everything the gateway sent', () => {
    const answer = {
      status: 'WAITING',
      currentNode: { nodeType: 'flow_action_liveness_test', nodeId: 'n3', hint: 'selfie' },
      traceId: 't-1',
    };
    expect(trackedExecution(answer, EXEC, [])).toEqual({
      executionId: EXEC,
      status: 'WAITING',
      currentNode: {
        nodeType: 'flow_action_liveness_test',
        nodeId: 'n3',
        hint: 'selfie',
        callbackKey: `kyc:liveness:${EXEC}:n3`,
      },
      traceId: 't-1',
    });
    const keyed = { ...answer, currentNode: { ...answer.currentNode, callbackKey: 'given' } };
    expect(trackedExecution(keyed, EXEC, []).currentNode?.callbackKey).toBe('given');
  });
});

/** Answers a real gateway may give that the brief does not guess, one per method it matters for. */
const DEVIANT: [MethodName, unknown][] = [
  ['workflow.applicant.register', { email: 'jane@example.com', applicantStatus: 'ACTIVE' }],
  ['workflow.apply.submit', { executionId: EXEC, traceId: 't' }],
  ['workflow.execution.status', { status: 'pending', extra: { nested: true } }],
  [
    'workflow.execution.status',
    {
      executionId: EXEC,
      status: 'WAITING',
      currentNode: { nodeType: 'flow_action_video_call', displayName: 'Video call' },
    },
  ],
  ['workflow.execution.status', { executionId: EXEC, status: 'COMPLETED', result: {} }],
  [
    'workflow.execution.status',
    { executionId: EXEC, status: 'completed', result: { decision: 'approved', score: 0.9 } },
  ],
  ['workflow.kyc.particular.data', null],
  ['workflow.kyc.required.doc.submit', undefined],
  ['workflow.kyc.otp.send', { requestId: 'r-1', channelHint: 'sms' }],
];

describe('both codecs read tolerantly, and alike', () => {
  it.each(DEVIANT)('%s: the server (zod) and the browser (plain) read the same', (method, data) => {
    const checked = zodWireCodec.readResponse(method, data);
    expect(plainWireCodec.readResponse(method, data)).toEqual(checked);
  });
});

/** Planted in broken answers: no error may repeat it. */
const MARKER = 'jane.doe.4711@example.com';

const BROKEN: [MethodName, unknown, string][] = [
  ['workflow.execution.status', { executionId: EXEC, result: { note: MARKER } }, 'status'],
  // A whole number is read as its digits; one past what a number holds exactly is not.
  ['workflow.execution.status', { executionId: 2 ** 60, status: 'RUNNING' }, 'executionId'],
  ['workflow.execution.status', { executionId: true, status: 'RUNNING' }, 'executionId'],
  // A number is read as its digits (an unlisted status); an object holds no word at all.
  ['workflow.execution.status', { status: { word: MARKER } }, 'status'],
  [
    'workflow.execution.status',
    { status: 'WAITING', currentNode: { nodeId: MARKER } },
    'currentNode.nodeType',
  ],
  ['workflow.apply.submit', { status: 'CREATED', customerId: MARKER }, 'executionId'],
  // Taken (apiCode 200) but naming no execution: a broken answer, not a refusal to start.
  [
    'workflow.apply.submit',
    { executionId: '', status: 'CREATED', customerId: MARKER },
    'executionId',
  ],
  // An id longer than a request may carry back (ID_LIMITS, 128): carried and printed on
  // every later call, it could never pass a proxy.
  [
    'workflow.apply.submit',
    { executionId: `E${'x'.repeat(128)}`, customerId: MARKER },
    'executionId',
  ],
  ['workflow.execution.status', { executionId: 'x'.repeat(129), status: 'RUNNING' }, 'executionId'],
  [
    'workflow.execution.status',
    {
      status: 'WAITING',
      currentNode: { nodeType: 'flow_action_liveness_test', callbackKey: 'k'.repeat(129) },
    },
    'currentNode.callbackKey',
  ],
  ['workflow.kyc.otp.send', { requestId: 'r'.repeat(129), identity: MARKER }, 'requestId'],
  // Verify must send one back, and none is guessed under a name that is no id.
  ['workflow.kyc.otp.send', { cooldownSeconds: 60, identity: MARKER }, 'requestId'],
  ['workflow.kyc.otp.send', null, 'requestId'],
  ['workflow.kyc.otp.send', { requestId: { id: 'r-1' }, id: 'r-1' }, 'requestId'],
  // Only true and false are read from a word: any other may mean either.
  ['workflow.kyc.otp.verify', { verified: 'yes', identity: MARKER }, 'verified'],
  ['workflow.kyc.otp.verify', { verified: 1, identity: MARKER }, 'verified'],
];

describe('what still breaks the contract after the tolerant reading', () => {
  it.each(BROKEN)('%s: names the field (%#), never the value', (method, data, field) => {
    let error: unknown;
    try {
      zodWireCodec.readResponse(method, data);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ method, direction: 'response', field });
    expect(String((error as Error).message)).not.toContain(MARKER);
    expect(String((error as Error).message)).not.toContain('4711');
  });
});

describe('ids as long as a request may carry', () => {
  it('are read: 128 characters, the most ID_LIMITS lets through a proxy', () => {
    const executionId = 'E'.repeat(128);
    expect(zodWireCodec.readResponse('workflow.apply.submit', { executionId })).toMatchObject({
      executionId,
    });
    const node = { nodeType: 'flow_action_liveness_test', callbackKey: 'k'.repeat(128) };
    expect(
      zodWireCodec.readResponse('workflow.execution.status', {
        executionId,
        status: 'WAITING',
        currentNode: node,
      }),
    ).toMatchObject({ executionId, currentNode: node });
  });
});
