/**
 * Loaded before every suite of the `unit` project (vitest.config.ts): a unit suite that
 * listens on a socket or starts a process fails at once, naming the project it belongs in,
 * instead of quietly making `npm run test:unit` slow.
 */
import { ChildProcess } from 'node:child_process';
import { Server } from 'node:net';

const refuse = (what: string) => () => {
  throw new Error(
    `a unit suite ${what}: list the file in the e2e project (E2E in vitest.config.ts)`,
  );
};

Server.prototype.listen = refuse('listens on a socket');
// Every asynchronous spawn (spawn, exec, execFile, fork; Chromium, esbuild, the CLI) goes
// through this internal method; a quick spawnSync (mkfifo) does not, and may stay.
Object.defineProperty(ChildProcess.prototype, 'spawn', { value: refuse('starts a child process') });
