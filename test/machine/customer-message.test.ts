import { describe, expect, it } from 'vitest';
import { customerMessageOf } from '../../src/machine/customer-message.js';
import { FLOW_CODES } from '../../src/machine/flow-error.js';
import { GATEWAY_CODES, WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';

const GENERIC = customerMessageOf({ code: 'SOMETHING_NEW', retryable: false });
const GENERIC_RETRYABLE = customerMessageOf({ code: 'SOMETHING_NEW', retryable: true });

/** What a customer must never read: codes, event names, field paths, markup of the docs. */
const expectPlain = (sentence: string) => {
  expect(sentence).toMatch(/^[A-Z].*[.]$/);
  expect(sentence).not.toMatch(/[A-Z]{2,}_|[a-z][A-Z]|`|\d{3,}|\w\.\w/);
};

describe('customerMessageOf', () => {
  it('has a plain sentence of its own for every code the chart raises', () => {
    for (const code of Object.values(FLOW_CODES)) {
      const sentence = customerMessageOf({ code, retryable: false });
      expectPlain(sentence);
      if (code !== FLOW_CODES.UNEXPECTED) expect(sentence, code).not.toBe(GENERIC);
    }
  });

  it("says what to do for the proxy's refusals a page meets: sign in, another file, wait", () => {
    const said = (code: string) => customerMessageOf({ code, apiCode: 999303, retryable: true });
    expect(said('PROXY_UNAUTHENTICATED')).toMatch(/sign in again/);
    expect(said('PROXY_FOREIGN_CUSTOMER')).toMatch(/another account/);
    expect(said('PROXY_BODY_TOO_LARGE')).toMatch(/too large/);
    expect(said('PROXY_UNSUPPORTED_FILE')).toMatch(/photo .* or a PDF/);
    expect(said('PROXY_TOO_MANY_CALLS')).toMatch(/busy/);
    for (const code of ['PROXY_UNAUTHENTICATED', 'PROXY_UNSUPPORTED_FILE']) expectPlain(said(code));
  });

  it('asks the customer to act only where nothing acts by itself: a call sent again, a file not', () => {
    const call = customerMessageOf({ code: 'TRANSPORT_ERROR', retryable: true });
    const upload = customerMessageOf({ code: 'UPLOAD_FAILED', retryable: true });
    expect(call).toMatch(/nothing you entered is lost/i);
    expect(call).not.toMatch(/try again\.$/);
    expect(upload).toMatch(/send it again/);
    for (const sentence of [call, upload]) expectPlain(sentence);
  });

  it('has one for every gateway and workflow code, by apiCode', () => {
    for (const apiCode of [...Object.values(GATEWAY_CODES), ...Object.values(WORKFLOW_CODES)]) {
      const sentence = customerMessageOf({ code: 'GATEWAY_ERROR', apiCode, retryable: false });
      expectPlain(sentence);
      expect(sentence, String(apiCode)).not.toBe(GENERIC);
    }
  });

  it('says what to do after too many wrong codes, without the event or the field it waits on', () => {
    const sentence = customerMessageOf({
      code: FLOW_CODES.OTP_LOCKED,
      apiCode: WORKFLOW_CODES.OTP_LOCKED,
      retryable: false,
    });
    expect(sentence).toBe('That was the last try for this code. Ask for a new code to carry on.');
  });

  it('names the field a refused input is about, in words, and stays generic for the rest', () => {
    const refused = (field: string) =>
      customerMessageOf({ code: 'VALIDATION_ERROR', retryable: false, field });
    expect(refused('personData.name')).toBe('Please enter your full name.');
    expect(refused('personData.nationality')).toBe('Please choose your nationality.');
    expect(refused('code')).toBe('Please enter the six-digit code we sent you.');
    expectPlain(refused('personData.favouriteColour'));
    expect(refused('personData.favouriteColour')).toMatch(/check them/);
    // A garbled answer from the server is not the customer's to fix.
    expect(
      customerMessageOf({ code: 'VALIDATION_ERROR', retryable: true, field: 'status' }),
    ).toMatch(/on our side/);
  });

  it('covers the codes of network trouble, a broken contract and refused credentials', () => {
    for (const code of ['TRANSPORT_ERROR', 'CONTRACT_BROKEN', 'CREDENTIALS_REFUSED']) {
      const sentence = customerMessageOf({ code, retryable: code === 'TRANSPORT_ERROR' });
      expectPlain(sentence);
      expect(sentence, code).not.toBe(GENERIC);
    }
  });

  it('falls back to a generic sentence, by whether trying again may help', () => {
    expectPlain(GENERIC);
    expectPlain(GENERIC_RETRYABLE);
    expect(GENERIC_RETRYABLE).not.toBe(GENERIC);
    expect(customerMessageOf({ code: 'EXECUTION_FAILED' })).toBe(GENERIC);
  });
});
