import { request } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueRedactor } from '../../src/adapters/node/cli/profile-values.js';
import {
  createProfileResponder,
  createRunInspector,
  InspectorError,
  loadProfile,
  runHeadless,
} from '../../src/adapters/node/index.js';
import type { InspectorMessage } from '../../src/machine/inspector-feed.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createGatewayClient } from '../../src/services/client.js';
import { openEventStream } from '../support/event-stream.js';

const SPEED = 50;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ speed: SPEED });
});
afterAll(() => sandbox.close());

/** One onboarding of the sample customer, inspected by `inspect`. */
const run = async (inspect: Parameters<typeof runHeadless>[0]['inspect'], customerId: string) => {
  const client = createGatewayClient({
    gatewayUrl: sandbox.gatewayUrl,
    storageUrl: sandbox.storageUrl,
    ...sandbox.credentials,
  });
  const profile = await loadProfile(resolve('examples/profiles/jane-doe.json'));
  return runHeadless({
    client,
    customer: { ...profile.customer, customerId },
    polling: { timeScale: SPEED },
    responder: createProfileResponder(profile, { upload: client.upload }),
    inspect,
  });
};

/** A GET with a Host header of our choosing (fetch does not let one set it). */
const get = (url: string, host: string) =>
  new Promise<number | undefined>((done, fail) => {
    request(url, { headers: { host } }, (response) => {
      response.resume();
      done(response.statusCode);
    })
      .on('error', fail)
      .end();
  });

describe('createRunInspector', () => {
  it("'local': a runHeadless run, seen by a viewer connected before it starts, redacted", async () => {
    const inspector = await createRunInspector({ mode: 'local' });
    try {
      expect(inspector.url).toBe(inspector.viewerUrl);
      expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      let connected = false;
      inspector.connected.then(() => {
        connected = true;
      });
      const viewer = await openEventStream(`${inspector.viewerUrl}events`);
      await inspector.connected;
      expect(connected).toBe(true);
      const result = await run(inspector.inspect, 'C_run_inspector_local+full');
      expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
      await viewer.until((messages) => messages.some((text) => text.includes('"done"')));
      viewer.close();
      const messages = viewer.messages.map((text) => JSON.parse(text) as InspectorMessage);
      const last = messages.findLast((message) => message.type === 'state');
      expect(last).toMatchObject({
        paths: ['completed'],
        status: 'done',
        facts: { outcome: { status: 'completed', decision: 'APPROVED' } },
      });
      expect(messages).toContainEqual(
        expect.objectContaining({ type: 'event', event: 'SUBMIT_PARTICULARS' }),
      );
      const text = viewer.messages.join('\n');
      expect(text).toContain('[redacted]');
      expect(text).not.toContain('jane.doe@example.com');
      expect(text).not.toContain('Jane Doe');
    } finally {
      await inspector.stop();
    }
  }, 30_000);

  it('scrub: every message of both feeds passes through it, and stays JSON', async () => {
    // What the CLI passes blots out the profile's values; any word shows the mechanism.
    const scrub = valueRedactor(['SUBMIT_PARTICULARS']);
    const inspector = await createRunInspector({ mode: 'stately', scrub });
    try {
      const viewer = await openEventStream(`${inspector.viewerUrl}events`);
      const stately = await openEventStream(`${inspector.statelyUrl}/events`);
      const result = await run(inspector.inspect, 'C_run_inspector_scrub+full');
      expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
      await viewer.until((messages) => messages.some((text) => text.includes('"done"')));
      await stately.until((messages) => messages.some((text) => text.includes('"done"')));
      viewer.close();
      stately.close();
      for (const feed of [viewer.messages, stately.messages]) {
        const text = feed.join('\n');
        expect(text).not.toContain('SUBMIT_PARTICULARS');
        expect(text).toContain('[redacted]');
        for (const message of feed) expect(() => JSON.parse(message)).not.toThrow();
      }
    } finally {
      await inspector.stop();
    }
  }, 30_000);

  it("'stately': points at the Stately page, which frames stately.ai and nothing else", async () => {
    const inspector = await createRunInspector({ mode: 'stately' });
    try {
      expect(inspector.url).toBe(inspector.statelyUrl);
      const page = await fetch(inspector.url);
      expect(await page.text()).toContain('src="https://stately.ai/inspect"');
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain('frame-src https://stately.ai');
      expect(policy).toContain("connect-src 'self'");
      const viewer = await fetch(inspector.viewerUrl);
      expect(viewer.headers.get('content-security-policy')).toContain("frame-src 'none'");
    } finally {
      await inspector.stop();
    }
  });

  it('serves only this machine: another Host name, another path or method are refused', async () => {
    const inspector = await createRunInspector();
    const { port } = new URL(inspector.url);
    try {
      expect(await get(inspector.url, `localhost:${port}`)).toBe(200);
      // A site whose DNS name points at 127.0.0.1 (DNS rebinding) reads nothing.
      expect(await get(inspector.url, `rebound.example:${port}`)).toBe(403);
      expect(await get(`${inspector.url}secrets`, `127.0.0.1:${port}`)).toBe(404);
      expect((await fetch(inspector.url, { method: 'POST' })).status).toBe(405);
    } finally {
      await inspector.stop();
    }
  });

  it('says so, with a typed error, when its port is taken', async () => {
    const first = await createRunInspector();
    try {
      const port = Number(new URL(first.url).port);
      const error = await createRunInspector({ port }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(InspectorError);
      expect(error).toMatchObject({ code: 'INSPECTOR_PORT_IN_USE' });
      expect((error as Error).message).toContain(`port ${port}`);
    } finally {
      await first.stop();
    }
  });

  it('stop() ends the streams of connected viewers', async () => {
    const inspector = await createRunInspector();
    const response = await fetch(`${inspector.viewerUrl}events`);
    await inspector.connected;
    await inspector.stop();
    // The stream ends instead of hanging: reading it to the end resolves.
    await expect(response.text()).resolves.toContain('retry:');
  });
});
