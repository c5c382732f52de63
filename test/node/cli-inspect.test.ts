import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/adapters/node/cli/exit-codes.js';
import { startCli } from '../support/cli.js';
import { freePort } from '../support/free-port.js';
import { PLANTED, writePlantedProfile } from '../support/planted-profile.js';

/** The WebSocket client the inspector relay itself uses (a dependency of @statelyai/inspect). */
interface Socket {
  on(event: 'message', listener: (data: unknown) => void): void;
  on(event: 'error' | 'open' | 'close', listener: (error?: unknown) => void): void;
  close(): void;
}
const { WebSocket } = createRequire(import.meta.url)('ws') as {
  WebSocket: new (url: string) => Socket;
};

describe('kyc-flow run --inspect', () => {
  it('feeds the local relay redacted events, says where to look, and still exits', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-inspect-'));
    try {
      const profile = await writePlantedProfile(directory);
      const port = await freePort();
      const { result, exited } = startCli([
        'run',
        '--inspect',
        '--inspect-port',
        String(port),
        '--speed',
        '5',
        '--profile',
        profile,
      ]);
      const messages: string[] = [];
      // Connect as the inspector page does, as soon as the relay listens.
      await new Promise<void>((resolve) => {
        const attempt = () => {
          if (exited()) return resolve();
          const socket = new WebSocket(`ws://localhost:${port}`);
          socket.on('open', () => resolve());
          socket.on('message', (data) => messages.push(String(data)));
          socket.on('error', () => setTimeout(attempt, 50));
        };
        attempt();
      });
      const { code, stderr, stdout } = await result;
      expect(code).toBe(EXIT_CODES.approved);
      expect(stdout).toMatch(/^APPROVED/);
      expect(stderr).toContain(`open http://localhost:${port}`);
      const events = messages.map((message) => JSON.parse(message) as { type: string });
      expect(events.some((event) => event.type === '@xstate.snapshot')).toBe(true);
      expect(events.some((event) => event.type === '@xstate.event')).toBe(true);
      const text = messages.join('\n');
      expect(text).toContain('[redacted]');
      for (const planted of Object.values(PLANTED)) expect(text).not.toContain(planted);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
