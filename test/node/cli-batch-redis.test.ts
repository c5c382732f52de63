import { afterEach, describe, expect, it } from 'vitest';
import { type CliResult, runCli, startCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { closeTcpServers, tcpServer } from '../support/tcp-server.js';

/**
 * `kyc-flow batch --redis` at an address with no Redis behind it: one line in the CLI's own
 * words within seconds (no ioredis stack traces, no credentials), exit 15; and Ctrl-C or
 * SIGTERM stop it while it is still connecting.
 */

const FILE = 'examples/customers.ndjson';
afterEach(closeTcpServers);

const oneLine = (result: CliResult) => {
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
};

describe('kyc-flow batch --redis, no Redis at the address', () => {
  it('says a closed port cannot be reached, without the password, in seconds', async () => {
    const port = await freePort();
    const began = Date.now();
    const result = await runCli(['batch', FILE, '--redis', `redis://me:hunter2@127.0.0.1:${port}`]);
    expect(Date.now() - began).toBeLessThan(10_000);
    oneLine(result);
    expect(result.stderr).toBe(
      `kyc-flow batch: the Redis at 127.0.0.1:${port} could not be reached: connection refused (ECONNREFUSED)\n`,
    );
    expect(result.code).toBe(15);
  }, 20_000);

  it('says another service on the port is not Redis', async () => {
    const port = await tcpServer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const result = await runCli(['batch', FILE, '--redis', `redis://127.0.0.1:${port}`]);
    oneLine(result);
    expect(result.stderr).toMatch(
      `kyc-flow batch: 127.0.0.1:${port} answers, but not as a Redis server does`,
    );
    expect(result.code).toBe(15);
  }, 20_000);

  // SIGHUP: the terminal closed under it.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'stops on %s while connecting',
    async (signal) => {
      let connected: () => void = () => undefined;
      const connecting = new Promise<void>((done) => {
        connected = done;
      });
      // Accepts and never answers: the first contact waits.
      const port = await tcpServer(() => connected());
      const batch = startCli(['batch', FILE, '--redis', `redis://127.0.0.1:${port}`]);
      await connecting;
      const sent = Date.now();
      batch.child.kill(signal);
      const timer = setTimeout(() => batch.child.kill('SIGKILL'), 10_000);
      const result = await batch.result;
      clearTimeout(timer);
      expect(Date.now() - sent).toBeLessThan(2_000);
      expect(result.stderr).toBe('kyc-flow batch: interrupted\n');
      expect(result.code).toBe(130);
    },
    20_000,
  );
});
