import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { GATEWAY_CODES } from '../../src/services/wire/vocabulary.js';
import { signBody } from './raw-client.js';

describe('storage upload', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 2 });
  });
  afterAll(() => sandbox.close());

  const upload = (
    form: FormData | string,
    options: { apiKey?: string; domainId?: string; query?: string; type?: string } = {},
  ) =>
    fetch(`${sandbox.storageUrl}?apiKey=${options.apiKey ?? 'ak_sandbox'}${options.query ?? ''}`, {
      method: 'POST',
      headers: {
        'x-domain': options.domainId ?? 'dom_sandbox',
        ...(options.type ? { 'Content-Type': options.type } : {}),
      },
      body: form,
    }).then(
      (response) =>
        response.json() as Promise<{
          apiCode: number;
          apiMsg: string;
          data: Record<string, unknown> | null;
        }>,
    );

  const bill = () => {
    const form = new FormData();
    form.set('file', new Blob(['%PDF-1.4 bill'], { type: 'application/pdf' }), 'my bill.pdf');
    form.set('executionId', 'exec-123');
    return form;
  };

  it('stores a multipart file and answers an s3 URL under the execution', async () => {
    const envelope = await upload(bill());
    expect(envelope.apiCode).toBe(200);
    expect(envelope.data?.url).toMatch(
      /^s3:\/\/workflow-kyc\/exec-123\/[0-9a-f]{12}-my_bill\.pdf$/,
    );
    expect(envelope.data).toMatchObject({ size: 13, content_type: 'application/pdf' });
    expect((await upload(bill())).data?.url).not.toBe(envelope.data?.url);
  });

  it('refuses an unknown apiKey or domain, a wrong optional sign, and a form without file or executionId', async () => {
    expect((await upload(bill(), { apiKey: 'ak_other' })).apiCode).toBe(
      GATEWAY_CODES.API_NON_AUTHORIZED,
    );
    expect((await upload(bill(), { domainId: 'dom_other' })).apiCode).toBe(
      GATEWAY_CODES.API_NON_AUTHORIZED,
    );
    expect((await upload(bill(), { query: `&sign=${'0'.repeat(64)}` })).apiCode).toBe(
      GATEWAY_CODES.SIGN_ERROR,
    );
    const noFile = new FormData();
    noFile.set('executionId', 'exec-1');
    expect((await upload(noFile)).apiMsg).toContain('file');
    const noExecution = new FormData();
    noExecution.set('file', new Blob(['x']), 'x.jpg');
    expect((await upload(noExecution)).apiMsg).toContain('executionId');
    expect((await upload('not multipart', { type: 'text/plain' })).apiCode).toBe(
      GATEWAY_CODES.API_INVALID_REQUEST,
    );
  });

  it('accepts a sign over the exact multipart bytes', async () => {
    const boundary = 'kycboundary';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="executionId"',
      '',
      'exec-9',
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="selfie.jpg"',
      'Content-Type: image/jpeg',
      '',
      'jpegbytes',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const envelope = await upload(body, {
      query: `&sign=${signBody('sk_sandbox', body)}`,
      type: `multipart/form-data; boundary=${boundary}`,
    });
    expect(envelope.apiCode).toBe(200);
    expect(envelope.data?.url).toMatch(/^s3:\/\/workflow-kyc\/exec-9\/[0-9a-f]{12}-selfie\.jpg$/);
  });
});
