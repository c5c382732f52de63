import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, SESSION_COOKIE, startDemoServer } from '../../examples/web/server.js';
import { createProxyClient } from '../../src/adapters/browser/proxy-transport.js';

describe("attack 6: the demo server's own endpoints", () => {
  let demo: DemoServer;
  let scratch: string;
  /** Sessions the demo issued (each browser gets its own from /demo/config). */
  let alice: string;
  let bob: string;
  let executionId: string;

  const newSession = async () => {
    const response = await fetch(`${demo.url}/demo/config`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    return (cookie ?? '').split(';', 1)[0] ?? '';
  };
  const review = (body: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${demo.url}/demo/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
      body,
    });

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kyc-flow-demo-'));
    await writeFile(join(scratch, 'index.html'), '<!doctype html><title>demo</title>');
    demo = await startDemoServer({ speed: 50, seed: 1, distDir: scratch });
    alice = await newSession();
    bob = await newSession();
    expect(alice).toMatch(new RegExp(`^${SESSION_COOKIE}=.+`));
    const client = createProxyClient(`${demo.url}/api/kyc`, {
      headers: { cookie: alice },
      retry: { limit: 0 },
    });
    const { customerId = 'C_demo_review+minimal' } = await client.register({
      customerId: 'C_demo_review+minimal',
    });
    ({ executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-demo-review' },
    }));
  });
  afterAll(async () => {
    await demo.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('decides a review only for the session whose execution it is', async () => {
    const decide = JSON.stringify({ executionId, decision: 'REJECTED' });
    expect((await review(decide)).status).toBe(401);
    expect((await review(decide, `${SESSION_COOKIE}=made-up`)).status).toBe(401);
    expect((await review(decide, bob)).status).toBe(403);
    expect(
      (
        await review(decide, alice, {
          'sec-fetch-site': 'cross-site',
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
    // Alice's own execution reaches the sandbox's back office (not waiting for a review yet).
    const own = await review(decide, alice);
    expect(own.status).toBe(409);
    const execution = demo.sandbox.stats().executions.find((e) => e.executionId === executionId);
    expect(execution?.status).not.toBe('COMPLETED');
  });

  it('refuses a body that is not JSON, or not a decision, with 400', async () => {
    expect((await review('{"executionId":', alice)).status).toBe(400);
    expect((await review(JSON.stringify({ executionId, decision: 'MAYBE' }), alice)).status).toBe(
      400,
    );
    expect((await review(JSON.stringify({ decision: 'APPROVED' }), alice)).status).toBe(400);
  });

  it("answers the sandbox's counters only to a session the demo issued", async () => {
    const stats = (cookie?: string) =>
      fetch(`${demo.url}/demo/stats`, { headers: cookie ? { cookie } : {} });
    expect((await stats()).status).toBe(401);
    expect((await stats(`${SESSION_COOKIE}=made-up`)).status).toBe(401);
    const answer = await stats(alice);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ registrations: 1, starts: 1 });
  });
});
