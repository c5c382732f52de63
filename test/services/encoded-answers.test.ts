import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/services/errors/index.js';
import { decodeAnswer } from '../../src/services/wire/encoded-answers.js';
import { zodWireCodec } from '../../src/services/zod-codec.js';

/**
 * A gateway may encode the parts of a status answer as JSON text, as the vendor encodes its
 * request fields. The server's codec decodes them before its schemas read the answer (the
 * proxy does the same for the browser's codec: test/proxy/proxy-tolerance.test.ts).
 */
const STATUS = 'workflow.execution.status';
const node = {
  nodeId: 'n1',
  nodeType: 'flow_action_identity_document',
  callbackKey: 'kyc:ocr:e1:n1',
};

describe('the server codec reading encoded parts of a status answer', () => {
  const codec = zodWireCodec;
  const read = (data: unknown) => codec.readResponse(STATUS, data);

  it('decodes a node, its config and a result sent as JSON text', () => {
    const config = { acceptedDocumentTypes: ['NATIONAL_ID'], region: 'SG' };
    const answer = read({
      executionId: 'e1',
      status: 'COMPLETED',
      currentNode: JSON.stringify({ ...node, config: JSON.stringify(config) }),
      result: JSON.stringify({ decision: 'APPROVED', score: 7 }),
    });
    expect(answer.currentNode).toEqual({ ...node, config });
    expect(answer.result).toEqual({ decision: 'APPROVED', score: 7 });
  });

  it('keeps only the config parts that fit what the flow reads, and every other field', () => {
    const answer = read({
      executionId: 'e1',
      status: 'WAITING',
      currentNode: {
        ...node,
        config: {
          acceptedDocumentTypes: ['VOTER_ID', 'INTERNATIONAL_PASSPORT'],
          requiredDocuments: 'all of them',
          formIds: ['kyc-form'],
          identity: 42,
          vendorHint: { camera: 'rear' },
        },
      },
    });
    expect(answer.currentNode?.config).toEqual({
      acceptedDocumentTypes: ['INTERNATIONAL_PASSPORT'],
      formIds: ['kyc-form'],
      vendorHint: { camera: 'rear' },
    });
  });

  it('reads document types in any case and isRequired as a word, so a required document stays required', () => {
    const answer = read({
      executionId: 'e1',
      status: 'WAITING',
      currentNode: {
        ...node,
        config: {
          acceptedDocumentTypes: [' national_id', 'VOTER_ID'],
          requiredDocuments: [
            { docType: 'utility_telephone_bill', isRequired: 'TRUE', note: 'kept' },
            { docType: 'Bank_Statement', isRequired: false },
            { docType: 'CUSTOMER_ACCEPTANCE_FORM', isRequired: 'maybe' },
            { docType: 'VOTER_ID', isRequired: true },
          ],
        },
      },
    });
    expect(answer.currentNode?.config).toEqual({
      acceptedDocumentTypes: ['NATIONAL_ID'],
      requiredDocuments: [
        { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true, note: 'kept' },
        { docType: 'BANK_STATEMENT', isRequired: false },
      ],
    });
  });

  it('drops a config that is no object at all: the host decides what to send', () => {
    const answer = read({
      executionId: 'e1',
      status: 'WAITING',
      currentNode: { ...node, config: 'see the console' },
    });
    expect(answer.currentNode).toEqual(node);
  });

  it('reads a result that is no object as no result, and an error word as its message', () => {
    expect(read({ executionId: 'e1', status: 'COMPLETED', result: 'APPROVED' })).not.toHaveProperty(
      'result',
    );
    expect(read({ executionId: 'e1', status: 'FAILED', error: 'Document expired' }).error).toEqual({
      message: 'Document expired',
    });
    expect(read({ executionId: 'e1', status: 'FAILED', error: 999 }).error).toEqual({ code: 999 });
  });

  it('decodes an OCR result sent as JSON text', () => {
    const answer = codec.readResponse('workflow.kyc.ocr.data', {
      status: 'SUCCESS',
      result: JSON.stringify({ documentNumber: 'S123' }),
    });
    expect(answer.result).toEqual({ documentNumber: 'S123' });
  });
});

describe('an answer with nothing encoded', () => {
  it('is read as the very object it was, whatever it holds', () => {
    const answer = {
      executionId: 'e1',
      status: 'WAITING',
      currentNode: { ...node, config: { acceptedDocumentTypes: ['NATIONAL_ID'] } },
      error: null,
    };
    expect(decodeAnswer(STATUS, answer)).toBe(answer);
  });
});

describe('ids sent as numbers', () => {
  it('are read as their decimal strings, in any answer and in the node', () => {
    const sent = zodWireCodec.readResponse('workflow.kyc.otp.send', { requestId: 12345 });
    expect(sent.requestId).toBe('12345');
    const started = zodWireCodec.readResponse('workflow.apply.submit', { executionId: 901 });
    expect(started.executionId).toBe('901');
    const status = zodWireCodec.readResponse(STATUS, {
      executionId: 901,
      status: 'WAITING',
      currentNode: { ...node, nodeId: 4, callbackKey: 77 },
    });
    expect(status.executionId).toBe('901');
    expect(status.currentNode).toMatchObject({ nodeId: '4', callbackKey: '77' });
  });

  it('are refused past what a number holds exactly: another id must not be sent back', () => {
    expect(() =>
      zodWireCodec.readResponse('workflow.kyc.otp.send', { requestId: 2 ** 60 }),
    ).toThrow(ValidationError);
  });
});

describe('what no reading saves', () => {
  it('is still a broken contract: a node that is text but not JSON of one', () => {
    expect(() =>
      zodWireCodec.readResponse(STATUS, { executionId: 'e1', status: 'WAITING', currentNode: '{' }),
    ).toThrow(ValidationError);
  });
});

/** Frozen all the way down: a reader that writes into the answer it was given throws. */
const deepFrozen = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
};

describe('optional fields a gateway sends as null, as serialisers that write every field do', () => {
  const read = zodWireCodec.readResponse;

  it('are left out, where the brief only assumes them', () => {
    expect(read('workflow.applicant.register', { customerId: null })).toEqual({});
    expect(read('workflow.apply.submit', { executionId: 'e1', status: null })).toEqual({
      executionId: 'e1',
      status: 'CREATED',
    });
    const status = read(STATUS, {
      executionId: null,
      status: 'WAITING',
      currentNode: { nodeType: node.nodeType, nodeId: null, callbackKey: null, config: null },
      error: { code: null, message: null },
    });
    expect(status.currentNode).toEqual({ nodeType: node.nodeType });
    expect(status.error).toEqual({});
    expect(read('workflow.kyc.otp.verify', { verified: false, remainingAttempts: null })).toEqual({
      verified: false,
    });
    expect(read('workflow.kyc.ocr.data', { status: 'FAILED', reason: null })).toEqual({
      status: 'FAILED',
    });
  });

  it('still break the contract where the flow cannot do without them, named', () => {
    for (const [method, data, field] of [
      [STATUS, { executionId: 'e1', status: null }, 'status'],
      ['workflow.apply.submit', { executionId: null, status: 'CREATED' }, 'executionId'],
      ['workflow.kyc.otp.send', { requestId: null }, 'requestId'],
      // Verify must send it back, and an empty one cannot be.
      ['workflow.kyc.otp.send', { requestId: '' }, 'requestId'],
    ] as const) {
      expect(() => read(method, data)).toThrow(ValidationError);
      try {
        read(method, data);
      } catch (error) {
        expect(error).toMatchObject({ field });
      }
    }
  });
});

describe('an OCR result', () => {
  const read = (data: unknown) => zodWireCodec.readResponse('workflow.kyc.ocr.data', data);

  it('is read in any case, each extracted field in the shape the host reads, the rest passed on', () => {
    const answer = read({
      status: ' success ',
      result: {
        documentType: 'national_id',
        documentNumber: 8801234,
        name: 'Jane Doe',
        dateOfBirth: null,
        sex: { code: 'F' },
        engineConfidence: 0.93,
      },
    });
    expect(answer).toEqual({
      status: 'SUCCESS',
      result: {
        documentType: 'NATIONAL_ID',
        documentNumber: '8801234',
        name: 'Jane Doe',
        engineConfidence: 0.93,
      },
    });
  });

  it('leaves out a document type the client does not know, as a node config does', () => {
    expect(read({ status: 'SUCCESS', result: { documentType: 'VOTER_ID' } })).toEqual({
      status: 'SUCCESS',
      result: {},
    });
  });

  // The guide shows no OCR answer: a word other than the three we guess is an OCR not done
  // yet (the poll reads again, and its last read counts it FAILED), never a broken contract.
  // Nothing is guessed from it either: ERROR stays ERROR, not FAILED.
  it('with a status that is none of the three keeps it as sent, for the poll to read again', () => {
    expect(read({ status: 'PENDING' })).toEqual({ status: 'PENDING' });
    expect(read({ status: 'ERROR', reason: 'blur' })).toEqual({ status: 'ERROR', reason: 'blur' });
    expect(() => read({ status: 7 })).toThrow(ValidationError);
    expect(() => read({})).toThrow(ValidationError);
  });
});

/**
 * Serialisers that write an empty map as an empty list (PHP's `json_encode([])` is `[]`) or
 * ids of another type: in parts the brief only assumes, none of it may stop the flow.
 */
describe('assumed parts sent as an empty list, or of a type the flow cannot use', () => {
  const read = zodWireCodec.readResponse;

  it('a FAILED execution whose error is a list still reads as FAILED, the error left out', () => {
    expect(read(STATUS, { executionId: 'e1', status: 'FAILED', error: [] })).toEqual({
      executionId: 'e1',
      status: 'FAILED',
    });
  });

  it('an OCR that succeeded with a result that is no object is a SUCCESS without fields', () => {
    expect(read('workflow.kyc.ocr.data', { status: 'SUCCESS', result: [] })).toEqual({
      status: 'SUCCESS',
    });
    expect(read('workflow.kyc.ocr.data', { status: 'SUCCESS', result: 'done' })).toEqual({
      status: 'SUCCESS',
    });
  });

  // The nodeId only names a derived callbackKey. The callbackKey itself is what the gateway
  // expects back: one that is no text still breaks the contract, since a key derived in its
  // place would be refused as the customer's input.
  it('a node whose nodeId is no text is read without it; a callbackKey so still breaks the contract', () => {
    const waiting = { executionId: 'e1', status: 'WAITING' };
    const answer = read(STATUS, {
      ...waiting,
      currentNode: { nodeType: node.nodeType, nodeId: { id: 1 }, callbackKey: 'k' },
    });
    expect(answer.currentNode).toEqual({ nodeType: node.nodeType, callbackKey: 'k' });
    const keyless = { ...waiting, currentNode: { nodeType: node.nodeType, callbackKey: [] } };
    expect(() => read(STATUS, keyless)).toThrow(ValidationError);
  });
});

describe("a submission's answer, which the flow does not read", () => {
  it('is never a broken contract: anything but an object is no data, a field of another type is left out', () => {
    const read = (data: unknown) => zodWireCodec.readResponse('workflow.kyc.particular.data', data);
    expect(read('OK')).toBeNull();
    expect(read(true)).toBeNull();
    expect(read({ accepted: 'yes', callbackKey: 12, traceId: 't' })).toEqual({ traceId: 't' });
    expect(read({ accepted: true, executionId: 901 })).toEqual({
      accepted: true,
      executionId: '901',
    });
  });
});

describe('decoding', () => {
  it('never writes into the answer it reads (the proxy relays the original when nothing changed)', () => {
    const status = deepFrozen({
      executionId: 'e1',
      status: 'WAITING',
      currentNode: JSON.stringify({ ...node, config: JSON.stringify({ region: 'SG' }) }),
      result: null,
      error: { code: 'E', message: null },
    });
    expect(decodeAnswer(STATUS, status)).toMatchObject({ currentNode: { ...node } });
    const ocr = deepFrozen({ status: 'success', reason: null, result: { name: null } });
    expect(decodeAnswer('workflow.kyc.ocr.data', ocr)).toEqual({ status: 'SUCCESS', result: {} });
    const verify = deepFrozen({ verified: 'true', remainingAttempts: '2' });
    expect(decodeAnswer('workflow.kyc.otp.verify', verify)).toEqual({
      verified: true,
      remainingAttempts: 2,
    });
  });
});

describe('what only describes an outcome the status already gives', () => {
  const read = zodWireCodec.readResponse;

  it('is kept when it reads as text, else left out: the outcome is never held up by it', () => {
    expect(
      read(STATUS, { status: 'FAILED', error: { code: { id: 7 }, message: 42, step: 'ocr' } }),
    ).toEqual({ status: 'FAILED', error: { message: '42', step: 'ocr' } });
    expect(read(STATUS, { status: 'FAILED', error: { code: 7 } })).toEqual({
      status: 'FAILED',
      error: { code: 7 },
    });
    expect(read('workflow.kyc.ocr.data', { status: 'FAILED', reason: { code: 'BLUR' } })).toEqual({
      status: 'FAILED',
    });
    expect(read('workflow.apply.submit', { executionId: 'e1', status: 3 })).toEqual({
      executionId: 'e1',
      status: 'CREATED',
    });
  });
});
