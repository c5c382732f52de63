import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_CODES, WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';
import { bodies, type Harness, harness, refOf } from './harness.js';
import { type RawEnvelope, signBody } from './raw-client.js';

describe('gateway errors, as a raw client meets them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.sandbox.close());

  const send = async (request: Parameters<Harness['client']['post']>[0]) => {
    const response = await h.client.post(request);
    expect(response.status).toBe(200);
    return (await response.json()) as RawEnvelope;
  };
  const register = '{"customerId":"C_err"}';

  it('answers a good call with the documented envelope', async () => {
    expect(await send({ api: 'workflow.applicant.register', body: register })).toEqual({
      apiCode: 200,
      apiMsg: 'OK',
      data: { customerId: 'C_err' },
    });
  });

  it('999001 for a signature that is not the HMAC of the exact body bytes', async () => {
    const secret = h.sandbox.credentials.apiSecret;
    const wrong = [
      signBody('sk_other', register),
      signBody(secret, register).toUpperCase(),
      signBody(secret, '{ "customerId": "C_err" }'),
      '',
      'not-hex',
    ];
    for (const sign of wrong) {
      const envelope = await send({ api: 'workflow.applicant.register', body: register, sign });
      expect(envelope).toMatchObject({ apiCode: GATEWAY_CODES.SIGN_ERROR, data: null });
      expect(envelope.apiMsg).toContain('sign');
    }
  });

  it('verifies the bytes received, not a re-serialisation (whitespace and non-ASCII pass)', async () => {
    const body = '{ "customerId" : "C_zoë" ,\n "email": "zoë@example.com" }';
    const envelope = await send({ api: 'workflow.applicant.register', body });
    expect(envelope.apiCode).toBe(200);
    expect(envelope.data).toEqual({ customerId: 'C_zoë', email: 'zoë@example.com' });
  });

  it('999302 for an unknown method or apiVersion', async () => {
    for (const request of [
      { api: 'workflow.kyc.nope', body: '{}' },
      { api: 'workflow.applicant.register', body: register, apiVersion: '2.0.0' },
    ]) {
      const envelope = await send(request);
      expect(envelope).toMatchObject({ apiCode: GATEWAY_CODES.API_NOT_FOUND, data: null });
    }
  });

  it('999303 for an unknown apiKey or x-domain', async () => {
    for (const request of [
      { api: 'workflow.applicant.register', body: register, apiKey: 'ak_other' },
      { api: 'workflow.applicant.register', body: register, domainId: 'dom_other' },
    ]) {
      const envelope = await send(request);
      expect(envelope).toMatchObject({ apiCode: GATEWAY_CODES.API_NON_AUTHORIZED, data: null });
    }
  });

  it('999301 for malformed JSON, naming the body', async () => {
    const envelope = await send({ api: 'workflow.applicant.register', body: '{"customerId":' });
    expect(envelope).toMatchObject({ apiCode: GATEWAY_CODES.API_INVALID_REQUEST, data: null });
    expect(envelope.apiMsg).toContain('JSON');
  });

  it('999301 for a missing or invalid field, naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['workflow.applicant.register', {}, 'customerId'],
      [
        'workflow.apply.submit',
        { eventType: 'KYC_EVENT', source: 'API', data: {} },
        'data.customerId',
      ],
      [
        'workflow.apply.submit',
        { eventType: 'OTHER', source: 'API', data: { customerId: 'C', referenceId: 'r' } },
        'eventType',
      ],
      ['workflow.execution.status', { executionId: 42 }, 'executionId'],
      [
        'workflow.kyc.ocr',
        {
          ...bodies.ocr({ executionId: 'e', callbackKey: 'k', referenceId: 'r' }),
          documentType: 'LIBRARY_CARD',
        },
        'documentType',
      ],
      [
        'workflow.kyc.otp.verify',
        {
          ...bodies.otpVerify({ executionId: 'e', callbackKey: 'k', referenceId: 'r' }, 'q'),
          code: 'abc',
        },
        'code',
      ],
    ];
    for (const [api, payload, field] of cases) {
      const envelope = await h.client.call(api, payload);
      expect(envelope.apiCode, api).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
      expect(envelope.apiMsg, api).toContain(field);
    }
  });

  it('999301 for a JSON string field sent as a nested object, naming the field', async () => {
    const ref = { executionId: 'e', callbackKey: 'k', referenceId: 'r' };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'workflow.kyc.particular.data',
        { ...ref, personData: { name: 'John Smith' } },
        'personData',
      ],
      [
        'workflow.kyc.liveness.data',
        { ...bodies.liveness(ref), scores: { qualityScore: 1 } },
        'scores',
      ],
      [
        'workflow.kyc.liveness.data',
        { ...bodies.liveness(ref), images: { faceFull: 's3://x' } },
        'images',
      ],
      [
        'workflow.kyc.required.doc',
        { ...bodies.doc(ref), doc: { front: { url: 's3://x' } } },
        'doc',
      ],
      [
        'workflow.kyc.required.doc',
        { ...bodies.doc(ref), extraData: { issueDate: '2026-03-01' } },
        'extraData',
      ],
      ['workflow.kyc.required.form', { ...bodies.form(ref), formData: { a: 1 } }, 'formData'],
    ];
    for (const [api, payload, field] of cases) {
      const envelope = await h.client.call(api, payload);
      expect(envelope.apiCode, field).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
      expect(envelope.apiMsg, field).toMatch(
        new RegExp(`${field}: expected string, received object`),
      );
    }
  });

  it('999301 for a JSON string field holding bad JSON or the wrong shape, naming the inner field', async () => {
    const ref = { executionId: 'e', callbackKey: 'k', referenceId: 'r' };
    const broken = await h.client.call('workflow.kyc.particular.data', {
      ...ref,
      personData: '{"name":',
    });
    expect(broken.apiMsg).toContain('personData');
    const shape = await h.client.call('workflow.kyc.particular.data', {
      ...ref,
      personData: '{"name":"John Smith","dateOfBirth":"15/01/1990","nationality":"SG"}',
    });
    expect(shape.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(shape.apiMsg).toContain('personData.dateOfBirth');
    expect(shape.apiMsg).not.toContain('15/01/1990');
  });

  it('refuses to start a customer that was never registered', async () => {
    const envelope = await h.client.call('workflow.apply.submit', {
      eventType: 'KYC_EVENT',
      source: 'API',
      data: { customerId: 'C_stranger', referenceId: 'r' },
    });
    expect(envelope.apiCode).toBe(GATEWAY_CODES.API_INVALID_REQUEST);
    expect(envelope.apiMsg).toContain('data.customerId');
  });

  it('EXECUTION_NOT_FOUND for an unknown executionId, on reads and submissions', async () => {
    const ref = {
      executionId: 'exec-missing',
      callbackKey: 'kyc:particular:exec-missing:1',
      referenceId: 'r',
    };
    for (const [api, payload] of [
      ['workflow.execution.status', { executionId: 'exec-missing' }],
      ['workflow.kyc.particular.data', bodies.particulars(ref)],
      ['workflow.kyc.ocr.data', { executionId: 'exec-missing', callbackKey: ref.callbackKey }],
    ] as const) {
      expect((await h.client.call(api, payload)).apiCode, api).toBe(
        WORKFLOW_CODES.EXECUTION_NOT_FOUND,
      );
    }
  });

  it('NODE_NOT_WAITING for a wrong, stale or mismatched callbackKey, and while RUNNING', async () => {
    const executionId = await h.begin('C_nnw', { referenceId: 'ref-nnw' });
    const running = await h.status(executionId);
    expect(running.status).toBe('RUNNING');
    const guessed = {
      executionId,
      callbackKey: `kyc:ocr:${executionId}:1`,
      referenceId: 'ref-nnw',
    };
    expect((await h.client.call('workflow.kyc.ocr', bodies.ocr(guessed))).apiCode).toBe(
      WORKFLOW_CODES.NODE_NOT_WAITING,
    );

    const waiting = await h.settle(executionId);
    expect(waiting.currentNode?.nodeType).toBe('flow_action_identity_document');
    const ref = refOf(waiting, 'ref-nnw');
    const wrongKey = await h.client.call(
      'workflow.kyc.ocr',
      bodies.ocr({ ...ref, callbackKey: `${ref.callbackKey}0` }),
    );
    expect(wrongKey.apiCode).toBe(WORKFLOW_CODES.NODE_NOT_WAITING);
    const wrongMethod = await h.client.call(
      'workflow.kyc.particular.data',
      bodies.particulars(ref),
    );
    expect(wrongMethod).toMatchObject({ apiCode: WORKFLOW_CODES.NODE_NOT_WAITING, data: null });
    expect(wrongMethod.apiMsg).toContain('workflow.kyc.particular.data');

    expect((await h.client.call('workflow.kyc.ocr', bodies.ocr(ref))).apiCode).toBe(200);
    h.clock.tick();
    const next = await h.status(executionId);
    expect(next.currentNode?.nodeType).toBe('flow_action_individual_particular');
    // The identity document's key is stale now: a different submission under it is refused.
    const stale = await h.client.call('workflow.kyc.ocr', bodies.ocr(ref, 'NATIONAL_ID'));
    expect(stale.apiCode).toBe(200); // …unless it repeats the applied call: same answer
    const staleOther = await h.client.call('workflow.kyc.particular.data', bodies.particulars(ref));
    expect(staleOther.apiCode).toBe(WORKFLOW_CODES.NODE_NOT_WAITING);
  });

  it('answers 405 to anything but POST', async () => {
    expect((await fetch(h.sandbox.gatewayUrl)).status).toBe(405);
  });
});
