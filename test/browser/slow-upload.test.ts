import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BrowserFlow, createBrowserFlow } from '../../src/adapters/browser/index.js';
import { uploadTryMs } from '../../src/adapters/browser/proxy-transport.js';
import { STALL_BYTES, STALL_MS } from '../../src/adapters/browser/upload-stall.js';
import { UPLOAD_BODY_PACE } from '../../src/adapters/proxy/index.js';
import { createSandboxGateway, type SandboxGateway } from '../../src/sandbox/index.js';
import { inProcessProxy, memoryStore } from '../support/browser-flow.js';
import { fakeClockSteps } from '../support/fake-clock-steps.js';

/**
 * A photo sent from a phone on a slow or failing uplink, on a fake clock at real durations:
 * the page's calls go to the proxy, whose upstream is the sandbox gateway, all in-process;
 * the upload crosses a link of a given speed first, through the host's `fetch` or through
 * XMLHttpRequest (the browser's way, with progress), as the test says.
 */

const MINUTE = 60_000;

// Loaded ahead, as in hidden-offline-page.test.ts: a flow begins within a few turns.
await import('../../src/adapters/browser/tab-lock.js');

let gateway: SandboxGateway;
let inFlight = 0;
let uploadTries = 0;
let customers = 0;
const flows: BrowserFlow[] = [];

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  gateway = createSandboxGateway({ seed: 3 });
  uploadTries = 0;
});
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** The uplink: its speed, and how many bytes it carries before it stops for good. */
interface Link {
  readonly bytesPerSecond: number;
  readonly stopsAfter?: number;
}

/** The page's side of the proxy, in-process; each call counted while it is out. */
const proxyFetch = () => {
  const proxy = inProcessProxy(gateway);
  return async (request: Request) => {
    inFlight += 1;
    try {
      return await proxy(request);
    } finally {
      inFlight -= 1;
    }
  };
};

/** How long `bytes` take on the link, or never (`undefined`) when it stops first. */
const crossingMs = (link: Link, bytes: number) =>
  link.stopsAfter !== undefined && link.stopsAfter < bytes
    ? undefined
    : (bytes / link.bytesPerSecond) * 1000;

/** The host's fetch: an upload's body crosses the link before the proxy sees it. */
const linkedFetch =
  (link: Link, deliver: (request: Request) => Promise<Response>): typeof fetch =>
  async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).searchParams.get('api') === 'storage.upload') {
      uploadTries += 1;
      const ms = crossingMs(link, (await request.clone().arrayBuffer()).byteLength);
      await new Promise<void>((resolve, reject) => {
        const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(init.signal?.reason);
        });
      });
    }
    return deliver(request);
  };

/** Fires an upload event as XMLHttpRequest does: its listeners, and `on…` for progress. */
const uploadEvent = (
  upload: EventTarget & { onprogress: ((event: ProgressEvent) => void) | null },
  type: string,
  loaded: number,
  total: number,
) => {
  const event = Object.assign(new Event(type), { loaded, total, lengthComputable: total > 0 });
  upload.dispatchEvent(event);
  if (type === 'progress') upload.onprogress?.(event as unknown as ProgressEvent);
};

/** XMLHttpRequest over the link: progress every quarter second, the answer once all is sent. */
const linkedXhr = (link: Link, deliver: (request: Request) => Promise<Response>) =>
  class LinkedXhr {
    readonly upload = Object.assign(new EventTarget(), {
      onprogress: null as ((event: ProgressEvent) => void) | null,
    });
    withCredentials = false;
    responseType = '';
    status = 0;
    response: ArrayBuffer | null = null;
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    #method = 'GET';
    #url = '';
    #headers = new Headers();
    #answerHeaders = new Headers();
    #timer: ReturnType<typeof setTimeout> | undefined;
    #aborted = false;

    open(method: string, url: string) {
      this.#method = method;
      this.#url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.#headers.set(name, value);
    }
    getAllResponseHeaders() {
      return [...this.#answerHeaders].map(([name, value]) => `${name}: ${value}`).join('\r\n');
    }
    send(body: BodyInit | null) {
      uploadTries += 1;
      const request = new Request(this.#url, {
        method: this.#method,
        headers: this.#headers,
        body,
      });
      uploadEvent(this.upload, 'loadstart', 0, 0);
      void request
        .clone()
        .arrayBuffer()
        .then(({ byteLength: total }) => this.#cross(request, 0, total));
    }
    abort() {
      clearTimeout(this.#timer);
      this.#aborted = true;
      uploadEvent(this.upload, 'abort', 0, 0);
      uploadEvent(this.upload, 'loadend', 0, 0);
      this.onabort?.();
    }
    #cross(request: Request, sent: number, total: number) {
      if (this.#aborted) return;
      if (sent >= total) {
        uploadEvent(this.upload, 'load', total, total);
        uploadEvent(this.upload, 'loadend', total, total);
        void this.#answer(request);
        return;
      }
      this.#timer = setTimeout(() => {
        const moved = Math.min(total, sent + link.bytesPerSecond / 4, link.stopsAfter ?? total);
        if (moved > sent) uploadEvent(this.upload, 'progress', moved, total);
        this.#cross(request, moved, total);
      }, 250);
    }
    async #answer(request: Request) {
      const answer = await deliver(request);
      const body = await answer.arrayBuffer();
      if (this.#aborted) return;
      this.status = answer.status;
      this.#answerHeaders = answer.headers;
      this.response = body;
      this.onload?.();
    }
  };

/**
 * A flow at its first step, whose upload crosses `link`: through the host's fetch, or (`xhr`)
 * through XMLHttpRequest with the platform's fetch for every other call, as in a browser.
 */
const browserFlow = async (
  link: Link,
  extra: { timeoutMs?: number; through?: 'fetch' | 'xhr' } = {},
) => {
  const deliver = proxyFetch();
  const { through = 'fetch', ...options } = extra;
  if (through === 'xhr') {
    vi.stubGlobal('XMLHttpRequest', linkedXhr(link, deliver));
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) =>
      deliver(new Request(input, init)),
    );
  }
  const flow = createBrowserFlow({
    proxyUrl: 'https://app.test/api/kyc',
    customer: { customerId: `C_link_${++customers}+minimal`, email: 'slow@example.com' },
    storage: memoryStore(),
    ...(through === 'fetch' ? { fetch: linkedFetch(link, deliver) } : {}),
    polling: { jitter: 0 },
    ...options,
  });
  flows.push(flow);
  flow.run();
  await stepUntil(flow, (view) => view.step === 'particulars');
  return flow;
};

const { stepUntil } = fakeClockSteps(() => inFlight);

/** A phone camera's JPEG: the JFIF magic, then `size` bytes in all. */
const photo = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
  return new File([bytes], 'selfie.jpg', { type: 'image/jpeg' });
};

/**
 * Runs an upload to its end on the fake clock, a quarter second at a time (an upload on the
 * wire is in flight for minutes of it): how it settled, and after how long.
 */
const settle = async (upload: Promise<unknown>) => {
  const began = Date.now();
  let outcome: string | undefined;
  upload.then(
    () => (outcome = 'sent'),
    (error: unknown) => (outcome = `${(error as { code?: string }).code}: ${String(error)}`),
  );
  for (let turn = 0; turn < 20_000 && outcome === undefined; turn += 1) {
    for (let step = 0; step < 5; step += 1) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(250);
  }
  return { outcome, tookMs: Date.now() - began, tries: uploadTries };
};

const FOUR_MB = 4_000_000;

describe('a photo on a slow uplink, through the host fetch', () => {
  it('gets through in one try at 50 kB/s (80 s), where a fixed minute cut every try', async () => {
    const flow = await browserFlow({ bytesPerSecond: 50_000 });
    const { outcome, tries } = await settle(flow.upload(photo(FOUR_MB)));
    expect({ outcome, tries }).toEqual({ outcome: 'sent', tries: 1 });
  });

  it("is not cut by the host's timeout for calls (timeoutMs: 5 s)", async () => {
    const flow = await browserFlow({ bytesPerSecond: 200_000 }, { timeoutMs: 5_000 });
    // 1 MB and its form at 200 kB/s: just over 5 s.
    const { outcome, tries } = await settle(flow.upload(photo(1_000_000)));
    expect({ outcome, tries }).toEqual({ outcome: 'sent', tries: 1 });
  });

  it('still ends on a link that stops: each try within the time the proxy gives a body', async () => {
    const flow = await browserFlow({ bytesPerSecond: 50_000, stopsAfter: 1_000_000 });
    const { outcome, tookMs, tries } = await settle(flow.upload(photo(FOUR_MB)));
    expect(outcome).toBe('TRANSPORT_ERROR: TransportError: storage.upload failed: timeout');
    // The first try and three retries, each cut at six minutes at the most.
    expect(tries).toBe(4);
    expect(tookMs).toBeLessThan(4 * 6 * MINUTE + MINUTE);
  });
});

describe('a photo on a slow uplink, through XMLHttpRequest', () => {
  it('gets through in one try at 50 kB/s, its progress told to the end', async () => {
    const flow = await browserFlow(
      { bytesPerSecond: 50_000 },
      { through: 'xhr', timeoutMs: 5_000 },
    );
    const progress: number[] = [];
    const upload = flow.upload(photo(FOUR_MB), {
      onProgress: ({ loaded }) => progress.push(loaded),
    });
    const { outcome, tries } = await settle(upload);
    expect({ outcome, tries }).toEqual({ outcome: 'sent', tries: 1 });
    // Told as it goes (a quarter second at a time over 80 s), not only at the end.
    expect(progress.length).toBeGreaterThan(300);
    expect(progress.at(-1)).toBeGreaterThan(FOUR_MB);
  });

  it('gives a try up ten seconds after its link stops, not minutes later', async () => {
    const flow = await browserFlow(
      { bytesPerSecond: 50_000, stopsAfter: 1_000_000 },
      { through: 'xhr' },
    );
    const { outcome, tookMs, tries } = await settle(flow.upload(photo(FOUR_MB)));
    expect(outcome).toBe('TRANSPORT_ERROR: TransportError: storage.upload failed: timeout');
    expect(tries).toBe(4);
    // Each try: 20 s to send the first megabyte, 10 s of silence; back-off of 5 s at most.
    expect(tookMs).toBeLessThan(4 * 30_000 + 3 * 5_000 + 1_000);
  });

  it("is still ended by the caller's abort, at once and with no other try", async () => {
    const flow = await browserFlow({ bytesPerSecond: 50_000 }, { through: 'xhr' });
    const aborting = new AbortController();
    const upload = flow.upload(photo(FOUR_MB), { signal: aborting.signal });
    setTimeout(() => aborting.abort(), 30_000);
    const { outcome, tookMs, tries } = await settle(upload);
    expect(outcome).toBe('TRANSPORT_ERROR: TransportError: storage.upload failed: abort');
    expect({ tries, tookMs: Math.round(tookMs / 1_000) }).toEqual({ tries: 1, tookMs: 30 });
  });
});

describe("the client's idea of a stalled upload", () => {
  it("is the proxy's slowest pace for a body (UPLOAD_BODY_PACE), so neither cuts what the other takes", () => {
    expect(STALL_MS).toBe(UPLOAD_BODY_PACE.graceMs);
    expect(STALL_BYTES).toBe(
      (UPLOAD_BODY_PACE.minBytesPerSecond * UPLOAD_BODY_PACE.graceMs) / 1000,
    );
    // A whole try: the body as slow as the proxy takes it (at most its limit), then a minute.
    expect(uploadTryMs(10 * 1024 * 1024)).toBe(UPLOAD_BODY_PACE.withinMs + MINUTE);
    expect(uploadTryMs(200 * 1024)).toBeGreaterThan(
      UPLOAD_BODY_PACE.graceMs + ((200 * 1024) / UPLOAD_BODY_PACE.minBytesPerSecond) * 1000,
    );
  });
});
