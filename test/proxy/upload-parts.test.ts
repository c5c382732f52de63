import { describe, expect, it } from 'vitest';
import {
  declaredTypeAgrees,
  detectFileType,
  UPLOAD_TYPE_NAMES,
} from '../../src/adapters/proxy/file-types.js';
import { safeFilename } from '../../src/adapters/proxy/filename.js';
import { parseMultipart } from '../../src/adapters/proxy/multipart.js';
import { fromAllowedOrigin } from '../../src/adapters/proxy/origin.js';
import { boundaryOf, createDelimiterCounter } from '../../src/adapters/proxy/part-counter.js';
import { createUploadSlots } from '../../src/adapters/proxy/upload-slots.js';
import { SAMPLES, uploadForm } from './samples.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** A form as `fetch` encodes it: its bytes and its boundary. */
const encoded = async (form: FormData) => {
  const response = new Response(form);
  const boundary = boundaryOf(response.headers.get('content-type') ?? '') ?? '';
  return { bytes: new Uint8Array(await response.arrayBuffer()), boundary };
};

describe('the upload route reads a multipart body strictly', () => {
  it('reads the form a browser or fetch sends, names and bytes intact', async () => {
    const form = uploadForm(SAMPLES.png, 'exec-1', {
      filename: 'Passeport été.png',
      type: 'image/png',
    });
    const { bytes, boundary } = await encoded(form);
    const parts = parseMultipart(bytes, boundary, 2);
    expect(parts).toMatchObject([
      { name: 'file', filename: 'Passeport été.png', type: 'image/png' },
      { name: 'executionId' },
    ]);
    if (typeof parts === 'string') throw new Error(parts);
    expect(parts[0]?.body).toEqual(SAMPLES.png);
    expect(new TextDecoder().decode(parts[1]?.body)).toBe('exec-1');
  });

  it('refuses what it does not expect, saying what', () => {
    const part = (headers: string, body = 'x') => `--b\r\n${headers}\r\n\r\n${body}\r\n`;
    const field = 'content-disposition: form-data; name="a"';
    const cases: Array<[string, RegExp]> = [
      [`preamble\r\n${part(field)}--b--\r\n`, /start with its boundary/],
      [`${part(field) + part(field) + part(field)}--b--`, /more than 2 parts/],
      [`${part('content-type: text/plain')}--b--`, /not a named form-data field/],
      [part(field).slice(0, -2), /no closing boundary/],
      [`--b\r\n${'x-filler: y\r\n'.repeat(200)}\r\nx\r\n--b--`, /headers missing or too long/],
      [`--bx${part(field)}`, /not followed by a line break/],
    ];
    for (const [body, error] of cases) {
      expect(parseMultipart(encode(body), 'b', 2)).toMatch(error);
    }
    expect(parseMultipart(encode(`${part(field)}--b--\r\n`), 'b', 2)).toHaveLength(1);
  });

  it('counts delimiters split across chunks, whatever the boundary looks like', () => {
    const body = encode('--ab--ab\r\n--a--ab----ab');
    for (let size = 1; size <= body.length; size += 1) {
      const count = createDelimiterCounter('ab');
      let seen = 0;
      for (let at = 0; at < body.length; at += size) seen = count(body.subarray(at, at + size));
      expect(seen).toBe(4);
    }
    // A boundary of dashes overlaps itself: each delimiter is still counted once.
    expect(createDelimiterCounter('--')(encode('----------'))).toBe(2);
  });

  it('reads only valid boundaries from the content type', () => {
    expect(boundaryOf('multipart/form-data; boundary=----WebKitFormBoundaryA1b2')).toBe(
      '----WebKitFormBoundaryA1b2',
    );
    expect(boundaryOf('multipart/form-data; boundary="quoted one"; charset=x')).toBe('quoted one');
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
    expect(boundaryOf(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeUndefined();
  });
});

describe('the upload route judges a file by its bytes', () => {
  const all = new Set(UPLOAD_TYPE_NAMES);

  it('recognises JPEG, PNG, HEIC and PDF, and nothing else', () => {
    expect(detectFileType(SAMPLES.jpeg, all)).toBe('image/jpeg');
    expect(detectFileType(SAMPLES.png, all)).toBe('image/png');
    expect(detectFileType(SAMPLES.heic, all)).toBe('image/heic');
    expect(detectFileType(SAMPLES.pdf, all)).toBe('application/pdf');
    expect(detectFileType(SAMPLES.html, all)).toBeUndefined();
    expect(detectFileType(SAMPLES.pdf, new Set(['image/png' as const]))).toBeUndefined();
    // An ISO-BMFF file of another brand (an MP4 video) is not HEIC.
    const mp4 = new Uint8Array(SAMPLES.heic);
    mp4.set(encode('isomiso2'), 8);
    mp4.set(encode('mp41'), 20);
    expect(detectFileType(mp4, all)).toBeUndefined();
  });

  it('lets the declared type say nothing, or the same thing, never another', () => {
    expect(declaredTypeAgrees('', 'image/png')).toBe(true);
    expect(declaredTypeAgrees('application/octet-stream', 'application/pdf')).toBe(true);
    expect(declaredTypeAgrees('image/jpg', 'image/jpeg')).toBe(true);
    expect(declaredTypeAgrees('IMAGE/HEIF', 'image/heic')).toBe(true);
    expect(declaredTypeAgrees('image/png', 'application/pdf')).toBe(false);
    expect(declaredTypeAgrees('text/html', 'image/png')).toBe(false);
  });

  it('forwards a name without a path, markup or dot file, with the extension of what it holds', () => {
    expect(safeFilename('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(safeFilename('C:\\Users\\me\\scan.pdf.exe', 'application/pdf')).toBe('scan_pdf.pdf');
    expect(safeFilename('.htaccess', 'image/jpeg')).toBe('upload.jpg');
    expect(safeFilename('<img src=x onerror=alert(1)>.png', 'image/png')).toBe(
      'img_src_x_onerror_alert_1.png',
    );
    expect(safeFilename('Passeport été.heic', 'image/heic')).toBe(
      'Passeport_ete_.heic'.replace('_.', '.'),
    );
    expect(safeFilename('x'.repeat(500), 'image/png')).toHaveLength(64 + 4);
  });
});

describe('the upload route, against a body of endless part headers', () => {
  it('refuses it without handing it to a general parser', async () => {
    const headers = 'x-a: b\r\n'.repeat(1_300_000);
    const body = encode(
      `--x\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\n${headers}\r\nDATA\r\n--x--\r\n`,
    );
    expect(parseMultipart(body, 'x', 2)).toBe('part headers missing or too long');
  });
});

describe('who may upload, and how many at once', () => {
  const from = (headers: Record<string, string>) =>
    new Request('https://bank.example/api/kyc?api=storage.upload', { method: 'POST', headers });
  const listed = new Set(['https://app.bank.example']);

  it("accepts the site's own pages, the origins the host lists, and callers that are no web page", () => {
    expect(fromAllowedOrigin(from({ 'sec-fetch-site': 'same-origin' }), listed)).toBe(true);
    expect(fromAllowedOrigin(from({ origin: 'https://bank.example' }), listed)).toBe(true);
    expect(fromAllowedOrigin(from({}), listed)).toBe(true);
    const sibling = { 'sec-fetch-site': 'same-site', origin: 'https://app.bank.example' };
    expect(fromAllowedOrigin(from(sibling), listed)).toBe(true);
    expect(fromAllowedOrigin(from(sibling), new Set())).toBe(false);
    expect(fromAllowedOrigin(from({ 'sec-fetch-site': 'none' }), listed)).toBe(false);
    expect(fromAllowedOrigin(from({ origin: 'null' }), listed)).toBe(false);
    expect(fromAllowedOrigin(from({ origin: 'http://bank.example' }), listed)).toBe(false);
  });

  it('behind a front proxy that ended TLS, knows its own pages by the forwarded origin', () => {
    // As a Node server behind a load balancer is asked: plain http, at an inner host.
    const inner = (headers: Record<string, string>) =>
      new Request('http://10.0.0.7:3000/api/kyc?api=storage.upload', { method: 'POST', headers });
    const page = { origin: 'https://bank.example' };
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'bank.example' };
    expect(fromAllowedOrigin(inner(page), listed)).toBe(false);
    expect(fromAllowedOrigin(inner({ ...page, ...forwarded }), listed)).toBe(true);
    // A chain of front proxies lists the first one's answer first.
    const chain = { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'bank.example, lb' };
    expect(fromAllowedOrigin(inner({ ...page, ...chain }), listed)).toBe(true);
    // Only the proxy's own site: another site's page, or a scheme that is no web's, is not it.
    const other = { origin: 'https://evil.example', ...forwarded };
    expect(fromAllowedOrigin(inner(other), listed)).toBe(false);
    const odd = { ...page, 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'bank.example' };
    expect(fromAllowedOrigin(inner(odd), listed)).toBe(false);
    // Only the scheme forwarded: the host asked is the page's.
    const tls = new Request('http://bank.example/api/kyc?api=storage.upload', {
      method: 'POST',
      headers: { ...page, 'x-forwarded-proto': 'https' },
    });
    expect(fromAllowedOrigin(tls, listed)).toBe(true);
  });

  it('gives each caller a few slots, all callers a few more, and takes each back once', () => {
    const acquire = createUploadSlots(2, 3);
    const alice = [acquire('alice'), acquire('alice')];
    expect(acquire('alice')).toBeUndefined();
    const bob = acquire('bob');
    expect(bob).toBeDefined();
    expect(acquire('carol')).toBeUndefined();
    alice[0]?.();
    alice[0]?.();
    expect(acquire('carol')).toBeDefined();
    expect(acquire('alice')).toBeUndefined();
  });
});
