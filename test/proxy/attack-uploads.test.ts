import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_BODY_PACE } from '../../src/adapters/proxy/read-body.js';
import {
  authorizeDevices,
  callAs,
  clientOf,
  sampleSnapshot,
  startAsDesktop,
} from './handoff-support.js';
import { type CallerName, type ProxyHarness, startProxyHarness, TOKENS } from './harness.js';
import { SAMPLES, uploadForm } from './samples.js';

const startFlow = async (harness: ProxyHarness, caller: CallerName, customerId: string) => {
  const client = harness.client(caller);
  await client.register({ customerId });
  const started = await client.startWorkflow({
    eventType: 'KYC_EVENT',
    source: 'WEB',
    data: { customerId, referenceId: `ref-${customerId}` },
  });
  return started.executionId;
};

/** A request body that hands over `chunks` one read at a time, counting the reads. */
const countedStream = (chunks: Uint8Array[]) => {
  let reads = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull: (controller) => {
        const chunk = chunks[reads];
        reads += 1;
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, reads: () => reads };
};

const uploadRequest = (
  harness: ProxyHarness,
  caller: CallerName,
  body: BodyInit,
  headers: Record<string, string> = {},
) =>
  new Request(`${harness.proxyUrl}?api=storage.upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS[caller]}`, ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

const envelopeOf = async (response: Response) =>
  (await response.json()) as { apiCode: number; apiMsg: string; data: unknown };

describe('attack 5: uploads', () => {
  let harness: ProxyHarness;
  let executionId: string;
  const storageCalls = () => harness.sandbox.stats().calls['storage.upload'] ?? 0;
  const upload = (form: FormData, headers: Record<string, string> = {}) =>
    harness.post('storage.upload', form, { caller: 'alice', contentType: '', headers });

  beforeAll(async () => {
    harness = await startProxyHarness();
    executionId = await startFlow(harness, 'alice', 'C_uploads_alice');
  });
  afterAll(() => harness.close());

  it('refuses a form posted from another site, before reading it', async () => {
    const before = storageCalls();
    const form = () => uploadForm(SAMPLES.png, executionId, { type: 'image/png' });
    const crossSite = await upload(form(), {
      'sec-fetch-site': 'cross-site',
      origin: 'https://evil.example',
    });
    const foreignOrigin = await upload(form(), { origin: 'https://evil.example' });
    for (const answer of [crossSite, foreignOrigin]) {
      expect(answer.status).toBe(403);
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_CROSS_ORIGIN/);
    }
    expect(storageCalls()).toBe(before);

    const sameOrigin = await upload(form(), {
      'sec-fetch-site': 'same-origin',
      origin: new URL(harness.proxyUrl).origin,
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('accepts JPEG, PNG, HEIC and PDF by their bytes, and nothing else or empty', async () => {
    const before = storageCalls();
    const refused = [
      await upload(uploadForm(SAMPLES.html, executionId, { type: 'image/png' })),
      await upload(uploadForm(SAMPLES.html, executionId, { filename: 'page.html' })),
      // A PDF that says it is a photo.
      await upload(uploadForm(SAMPLES.pdf, executionId, { type: 'image/png' })),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(415);
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_UNSUPPORTED_FILE/);
    }
    const empty = await upload(uploadForm(new Uint8Array(0), executionId, { type: 'image/png' }));
    expect(empty.status).toBe(400);
    expect(empty.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY.*small/);
    expect(storageCalls()).toBe(before);

    for (const bytes of [SAMPLES.jpeg, SAMPLES.png, SAMPLES.heic, SAMPLES.pdf]) {
      const accepted = await upload(uploadForm(bytes, executionId));
      expect(accepted.status).toBe(200);
    }
    expect(storageCalls()).toBe(before + 4);
  });

  it('forwards a sanitized filename, never a path', async () => {
    const answer = await upload(
      uploadForm(SAMPLES.png, executionId, { filename: '../../etc/passwd', type: 'image/png' }),
    );
    expect(answer.status).toBe(200);
    const sent = harness.forwarded.at(-1)?.body ?? '';
    expect(sent).toContain('filename="passwd.png"');
    expect(sent).not.toContain('../');
    expect((answer.envelope.data as { url: string }).url).toMatch(/-passwd\.png$/);
  });

  it('refuses a body of 205,000 empty parts early, without reading it all', async () => {
    const boundary = 'x';
    const part = `--${boundary}\r\ncontent-disposition: form-data; name="a"\r\n\r\n\r\n`;
    const chunk = new TextEncoder().encode(part.repeat(Math.floor(65_536 / part.length)));
    const chunks = Array.from({ length: 160 }, () => chunk);
    const stream = countedStream(chunks);
    const answer = await harness.handle(
      uploadRequest(harness, 'alice', stream.body, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      }),
    );
    expect(answer.status).toBe(400);
    expect((await envelopeOf(answer)).apiMsg).toMatch(/^PROXY_INVALID_BODY.*parts/);
    expect(stream.reads()).toBeLessThanOrEqual(2);
  });
});

describe('attack 5: concurrent uploads', () => {
  let harness: ProxyHarness;
  let alices: string;
  let bobs: string;
  beforeAll(async () => {
    harness = await startProxyHarness({ proxy: { uploads: { concurrentPerCaller: 2 } } });
    alices = await startFlow(harness, 'alice', 'C_concurrent_alice');
    bobs = await startFlow(harness, 'bob', 'C_concurrent_bob');
  });
  afterAll(() => harness.close());

  /** An upload whose last bytes wait for `release`, handed back once it is being read. */
  const stalledUpload = async (release: Promise<void>) => {
    const encoded = new Response(uploadForm(SAMPLES.png, alices, { type: 'image/png' }));
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    let reading: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const parts = [bytes.slice(0, -8), bytes.slice(-8)];
    let reads = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          reads += 1;
          if (reads === 1) reading();
          if (reads === 2) await release;
          const chunk = parts.shift();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    const contentType = encoded.headers.get('content-type') ?? '';
    const answer = harness.handle(
      uploadRequest(harness, 'alice', body, { 'content-type': contentType }),
    );
    await started;
    // Wrapped: an async function returning the promise itself would wait for it.
    return { answer };
  };

  it("refuses a caller's third upload at once while two are in flight, and serves another caller", async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = await stalledUpload(released);
    const second = await stalledUpload(released);

    const third = await harness.post(
      'storage.upload',
      uploadForm(SAMPLES.png, alices, { type: 'image/png' }),
      { caller: 'alice', contentType: '' },
    );
    expect(third.status).toBe(429);
    expect(third.envelope.apiMsg).toMatch(/^PROXY_TOO_MANY_UPLOADS/);
    const bob = await harness.post('storage.upload', uploadForm(SAMPLES.png, bobs), {
      caller: 'bob',
      contentType: '',
    });
    expect(bob.status).toBe(200);

    release();
    expect(
      (await Promise.all([first.answer, second.answer])).map((answer) => answer.status),
    ).toEqual([200, 200]);
    // Their slots are free again.
    const after = await harness.post('storage.upload', uploadForm(SAMPLES.png, alices), {
      caller: 'alice',
      contentType: '',
    });
    expect(after.status).toBe(200);
  });

  it('cuts an upload whose body stalls (slower than 4 KiB/s past 10 s), freeing its slot', async () => {
    const never = new Promise<void>(() => undefined);
    const began = Date.now();
    const stalled = [await stalledUpload(never), await stalledUpload(never)];
    const blocked = await harness.post(
      'storage.upload',
      uploadForm(SAMPLES.png, alices, { type: 'image/png' }),
      { caller: 'alice', contentType: '' },
    );
    expect(blocked.status).toBe(429);
    const cut = await Promise.all(stalled.map(({ answer }) => answer));
    expect(Date.now() - began).toBeGreaterThanOrEqual(UPLOAD_BODY_PACE.graceMs - 100);
    for (const answer of cut) {
      expect(answer.status).toBe(408);
      expect((await envelopeOf(answer)).apiMsg).toMatch(/^PROXY_BODY_TOO_SLOW/);
    }
    const after = await harness.post('storage.upload', uploadForm(SAMPLES.png, alices), {
      caller: 'alice',
      contentType: '',
    });
    expect(after.status).toBe(200);
  }, 30_000);
});

/**
 * An upload as a slow attacker sends it: all but its last bytes, the rest once `release`
 * settles. Answers once the proxy is reading its body (it holds a slot) or has answered.
 */
const trickledUpload = async (
  harness: ProxyHarness,
  authorization: string,
  executionId: string,
  release: Promise<void>,
) => {
  const encoded = new Response(uploadForm(SAMPLES.png, executionId, { type: 'image/png' }));
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  const parts = [bytes.slice(0, -8), bytes.slice(-8)];
  let reading: () => void = () => undefined;
  const read = new Promise<void>((resolve) => {
    reading = resolve;
  });
  const body = new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        if (parts.length === 2) reading();
        else await release;
        const chunk = parts.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  const answer = harness.handle(
    new Request(`${harness.proxyUrl}?api=storage.upload`, {
      method: 'POST',
      headers: { authorization, 'content-type': encoded.headers.get('content-type') ?? '' },
      body,
      duplex: 'half',
    } as RequestInit),
  );
  await Promise.race([read, answer]);
  return { answer };
};

const deferred = () => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release, released };
};

describe('attack 5: slow uploads that cannot be the caller’s', () => {
  let harness: ProxyHarness;
  let alices: string;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: { uploads: { concurrentPerCaller: 2, concurrent: 2 } },
    });
    alices = await startFlow(harness, 'alice', 'C_trickle_alice');
  });
  afterAll(() => harness.close());

  it('refuses, before they hold a slot, the uploads of a caller with no flow: the customer’s upload goes through', async () => {
    const { release, released } = deferred();
    const bob = `Bearer ${TOKENS.bob}`;
    const trickles = [
      await trickledUpload(harness, bob, alices, released),
      await trickledUpload(harness, bob, 'E_made_up', released),
    ];
    const alice = await harness.post(
      'storage.upload',
      uploadForm(SAMPLES.png, alices, { type: 'image/png' }),
      { caller: 'alice', contentType: '' },
    );
    release();
    expect(alice.status).toBe(200);
    for (const { answer } of trickles) {
      const refused = await answer;
      expect(refused.status).toBe(403);
      expect((await envelopeOf(refused)).apiMsg).toMatch(/^PROXY_FOREIGN_EXECUTION/);
    }
  });
});

describe('attack 5: slow uploads from the devices an account hands its flow to', () => {
  let harness: ProxyHarness;
  let executionId: string;
  let mallorys: string;
  beforeAll(async () => {
    harness = await startProxyHarness({
      proxy: {
        authorize: authorizeDevices(),
        uploads: { concurrentPerCaller: 1, concurrent: 2 },
      },
    });
    executionId = await startAsDesktop(harness, 'C_trickle_desktop');
    const saved = await callAs(harness, 'desktop', 'flow.save', {
      executionId,
      key: 'kyc-flow:C_trickle_desktop',
      snapshot: sampleSnapshot(executionId, 'jane@example.com'),
    });
    expect(saved.status).toBe(200);
    const client = clientOf(harness, 'mallory');
    await client.register({ customerId: 'C_trickle_mallory' });
    const started = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId: 'C_trickle_mallory', referenceId: 'ref' },
    });
    mallorys = started.executionId;
  });
  afterAll(() => harness.close());

  it("counts the device's uploads against the account's slots: another customer's upload goes through", async () => {
    const { release, released } = deferred();
    const desktop = await trickledUpload(harness, 'Bearer desktop', executionId, released);
    const link = await callAs(harness, 'desktop', 'handoff.create', { executionId });
    const { token } = link.envelope.data as { token: string };
    expect((await callAs(harness, 'phone', 'handoff.redeem', { token })).status).toBe(200);
    const phone = await trickledUpload(harness, 'Bearer phone', executionId, released);

    const mallory = await harness.handle(
      new Request(`${harness.proxyUrl}?api=storage.upload`, {
        method: 'POST',
        headers: { authorization: 'Bearer mallory' },
        body: uploadForm(SAMPLES.png, mallorys, { type: 'image/png' }),
      }),
    );
    release();
    expect(mallory.status).toBe(200);
    const phoneAnswer = await phone.answer;
    expect(phoneAnswer.status).toBe(429);
    expect((await envelopeOf(phoneAnswer)).apiMsg).toMatch(/^PROXY_TOO_MANY_UPLOADS/);
    await desktop.answer;
  });
});

describe('uploads switched off (uploads: false: files go straight to the team’s own storage)', () => {
  it('refuses every upload as an api it does not forward, before reading its body, and nothing reaches storage', async () => {
    const harness = await startProxyHarness({ proxy: { uploads: false } });
    try {
      const executionId = await startFlow(harness, 'alice', 'C_uploads_off');
      const form = uploadForm(SAMPLES.png, executionId, { type: 'image/png' });
      const answer = await harness.post('storage.upload', form, {
        caller: 'alice',
        contentType: '',
      });
      expect(answer.status).toBe(404);
      expect(answer.envelope.apiMsg).toMatch(/^PROXY_API_NOT_ALLOWED/);
      expect(harness.events.at(-1)).toMatchObject({
        refusal: 'methodNotAllowed',
        api: 'storage.upload',
      });
      const trickle = countedStream([new TextEncoder().encode('--b\r\n')]);
      const unread = await harness.handle(
        uploadRequest(harness, 'alice', trickle.body, {
          'content-type': 'multipart/form-data; boundary=b',
        }),
      );
      expect(unread.status).toBe(404);
      expect(trickle.reads()).toBe(0);
      expect(harness.sandbox.stats().calls['storage.upload'] ?? 0).toBe(0);
      // The flow's own methods are served as ever.
      const status = await harness.post(
        'workflow.execution.status',
        JSON.stringify({ executionId }),
        {
          caller: 'alice',
        },
      );
      expect(status.status).toBe(200);
    } finally {
      await harness.close();
    }
  });
});
