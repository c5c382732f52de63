import { describe, expect, it } from 'vitest';
import { createGatewayClient, TransportError, ValidationError } from '../../src/services/index.js';
import { failure } from '../support/failure.js';
import { answer, envelope, fakeFetch, type Step } from './fake-fetch.js';

/** The Node client's register, answered by `step`. */
const register = (step: Step) =>
  createGatewayClient({
    gatewayUrl: 'https://gw.example/gateway',
    apiKey: 'ak_test',
    apiSecret: 'sk_test',
    domainId: 'dom_test',
    fetch: fakeFetch(step).fetch,
  }).register({ customerId: 'C_1' });

const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body>Welcome back, jane@example.com</body></html>`;
const html = { headers: { 'content-type': 'text/html; charset=utf-8' } };

describe('a successful answer that is a web page, not an envelope', () => {
  it('names its content type, its status and its short title, never its body', async () => {
    const error = await failure(register(answer(page('\n  Sign in\n  to Example  '), html)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ unreadable: true, retryable: false });
    expect((error as ValidationError).message).toBe(
      'workflow.applicant.register response is invalid: (root): expected a JSON envelope, not text/html (HTTP 200, a page titled "Sign in to Example")',
    );
  });

  it('leaves out a title too long to be a name, and says an empty answer is empty', async () => {
    const long = await failure(register(answer(page('x'.repeat(81)), html)));
    expect((long as Error).message).toMatch(
      /expected a JSON envelope, not text\/html \(HTTP 200\)$/,
    );
    const empty = await failure(
      register(answer('', { status: 200, headers: { 'content-type': '' } })),
    );
    expect((empty as Error).message).toMatch(
      /expected a JSON envelope, not an empty answer \(HTTP 200\)$/,
    );
  });

  it('still reads an envelope served as text/html, and leaves a failed status to say itself', async () => {
    const served = answer(envelope({ customerId: 'C_1' }), html);
    await expect(register(served)).resolves.toEqual({ customerId: 'C_1' });
    const missing = await failure(register(answer(page('Not Found'), { ...html, status: 404 })));
    expect(missing).toBeInstanceOf(TransportError);
    expect((missing as Error).message).toBe('workflow.applicant.register failed: http (HTTP 404)');
  });
});
