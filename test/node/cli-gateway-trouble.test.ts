import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { killCli, runCli, secretFile, startCli } from '../support/cli.js';
import { closeTcpServers, tcpServer } from '../support/tcp-server.js';

/**
 * What a developer debugging a stuck flow reads when the gateway URL is wrong in one of the
 * usual ways: a port fetch never connects to, a web page where the gateway should be, a
 * host that takes the connection and then says nothing.
 */

const PROFILE = 'examples/profiles/jane-doe.json';
const keys = ['--api-key', 'ak_test', '--api-secret-file', secretFile('sk_test'), '--domain', 'd'];
const servers: Server[] = [];
afterEach(() => {
  closeTcpServers();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** An HTTP server on loopback doing `answer` with each request; its gateway URL. */
async function gatewayServer(answer: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(answer).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway`;
}

describe('kyc-flow worker and a gateway or storage on a port fetch never connects to', () => {
  it.each([
    ['gateway', ['--gateway', 'http://127.0.0.1:6000/gateway']],
    [
      'storage',
      ['--gateway', 'http://127.0.0.1:8787/gateway', '--storage', 'http://127.0.0.1:25/storage'],
    ],
  ])(
    'the %s: exit 15 at once, naming the port, Redis not even contacted',
    async (what, urls) => {
      let redisContacts = 0;
      // A Redis that takes the connection and never answers: a worker that tried it would wait.
      const redis = await tcpServer(() => {
        redisContacts += 1;
      });
      const result = await runCli([
        'worker',
        '--redis',
        `redis://127.0.0.1:${redis}`,
        ...urls,
        ...keys,
        '--json',
      ]);
      expect(result.code).toBe(EXIT_CODES.suspended);
      const port = what === 'gateway' ? '6000' : '25';
      expect(result.stderr).toBe(
        `kyc-flow worker: the ${what} at 127.0.0.1:${port} could not be reached: port ${port} is one fetch never connects to (on the Fetch standard's list of bad ports, blocked as browsers block it): serve it on another port; nothing was sent\n`,
      );
      expect(JSON.parse(result.stdout)).toMatchObject({ type: 'error', code: 'SUSPENDED' });
      // At once: a worker that contacted this Redis would have waited 5 s for its answer.
      expect(redisContacts).toBe(0);
    },
    20_000,
  );
});

describe('kyc-flow run against a URL that answers a web page', () => {
  it('says it got text/html, the HTTP status and the page title, never the page: exit 16', async () => {
    const gateway = await gatewayServer((request, response) => {
      request.resume();
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          '<!doctype html><html><head>\n<title>\n  Sign in · Example SSO\n</title></head><body>Forgot your password? Call 555-0100</body></html>',
        );
    });
    const result = await runCli(['run', '--profile', PROFILE, '--gateway', gateway, ...keys]);
    expect(result.code).toBe(EXIT_CODES.contractBroken);
    expect(result.stderr).toContain(
      'workflow.applicant.register response is invalid: (root): expected a JSON envelope, not text/html (HTTP 200, a page titled "Sign in · Example SSO")',
    );
    // What to do about it, on the last line: it is the wrong URL, not a broken gateway.
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /the gateway URL answers a web page \(text\/html\), not the gateway's JSON: check the gateway URL/,
    );
    expect(result.stderr + result.stdout).not.toContain('Forgot your password');
  }, 60_000);
});

describe('kyc-flow run against a gateway that takes the connection and never answers', () => {
  it('says it connected and did not answer within the per-attempt timeout, not that it could not be reached', async () => {
    const gateway = await gatewayServer((request) => {
      request.resume();
    });
    // The first attempt's timeout (10 s) is enough to read what each retry line says; the
    // run is then interrupted rather than waited through every retry (the final line is
    // built by the same reading, `reachability.test.ts`).
    const cli = startCli(['run', '--profile', PROFILE, '--gateway', gateway, ...keys]);
    const retryLine =
      'workflow.applicant.register: it did not answer within the per-attempt timeout (10 s) on a connection it accepted; trying again (retry 1)';
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      cli.child.stderr?.on('data', (chunk: Buffer) => {
        stderr += String(chunk);
        if (stderr.includes(retryLine)) resolve();
      });
      cli.result.then(() => reject(new Error(`the run ended first:\n${stderr}`)), reject);
    });
    killCli(cli.child);
    const result = await cli.result;
    expect(result.stderr).toContain(retryLine);
    expect(result.stderr).not.toContain('could not be reached');
  }, 60_000);
});
