import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../src/sandbox/index.js';
import type { SandboxCredentials } from '../src/sandbox/types.js';
import { createPlainGateway } from './plain-gateway.js';
import type { RemoteSandboxOptions, SandboxReply, SandboxRequest } from './sandbox-messages.js';

/** Where the throughput run's sandbox runs: beside the clients, or in a process of its own. */
export type SandboxPlacement = 'process' | 'inProcess';

/** One sandbox, fresh for a round. */
export interface SandboxHandle {
  readonly gatewayUrl: string;
  readonly storageUrl: string;
  readonly credentials: SandboxCredentials;
  /** Requests the sandbox received, by method (its own admin methods left out). */
  calls(): Promise<Record<string, number>>;
  /** Closes it; in a process of its own, answers the CPU ms that process spent on it. */
  close(): Promise<{ readonly cpuMs?: number }>;
}

export interface SandboxHost {
  readonly placement: SandboxPlacement;
  start(options: RemoteSandboxOptions): Promise<SandboxHandle>;
  /** Ends the sandbox process, if there is one. */
  dispose(): Promise<void>;
}

const withoutAdmin = (calls: Record<string, number>) =>
  Object.fromEntries(Object.entries(calls).filter(([method]) => !method.startsWith('sandbox.')));

/** The sandbox in this process: every side pays the gateway's CPU on the same cores. */
export function inProcessHost(): SandboxHost {
  return {
    placement: 'inProcess',
    async start(options) {
      const sandbox = await startSandbox(options);
      return {
        gatewayUrl: sandbox.gatewayUrl,
        storageUrl: sandbox.storageUrl,
        credentials: sandbox.credentials,
        calls: async () => withoutAdmin(sandbox.stats().calls),
        close: async () => {
          await sandbox.close();
          return {};
        },
      };
    },
    dispose: async () => undefined,
  };
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

const SCRIPT = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

/**
 * The sandbox in a child process (`sandbox-process.ts`), as a real gateway is another
 * machine: the clients' process spends its CPU on the clients alone. Request counts come
 * from the sandbox's admin method `sandbox.stats` over HTTP, like any remote gateway's.
 */
export async function processHost(): Promise<SandboxHost> {
  const child: ChildProcess = fork(SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (reply: SandboxReply) => void>();
  let lastId = 0;
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, () => resolve());
    child.once('exit', (code) => {
      const error = new Error(`the sandbox process ended (exit ${code})`);
      reject(error);
      for (const settle of pending.values())
        settle({ id: -1, type: 'failed', message: error.message });
      pending.clear();
    });
  });
  child.on('message', (reply: SandboxReply) => {
    const settle = pending.get(reply.id);
    pending.delete(reply.id);
    settle?.(reply);
  });
  const ask = async (request: WithoutId<SandboxRequest>): Promise<SandboxReply> => {
    await ready;
    const id = ++lastId;
    const reply = await new Promise<SandboxReply>((resolve) => {
      pending.set(id, resolve);
      child.send({ ...request, id });
    });
    if (reply.type === 'failed') throw new Error(`sandbox process: ${reply.message}`);
    return reply;
  };
  await ready;

  return {
    placement: 'process',
    async start(options) {
      const reply = await ask({ type: 'start', options });
      if (reply.type !== 'started') throw new Error(`sandbox process answered ${reply.type}`);
      const { gatewayUrl, storageUrl, credentials } = reply;
      const admin = createPlainGateway({ gatewayUrl, storageUrl, ...credentials });
      return {
        gatewayUrl,
        storageUrl,
        credentials,
        calls: async () => {
          const stats = await admin.call('sandbox.stats', {});
          return withoutAdmin(stats.calls as Record<string, number>);
        },
        close: async () => {
          const closed = await ask({ type: 'close' });
          return closed.type === 'closed' ? { cpuMs: closed.cpuMs } : {};
        },
      };
    },
    async dispose() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}

export const sandboxHost = (placement: SandboxPlacement): Promise<SandboxHost> =>
  placement === 'process' ? processHost() : Promise.resolve(inProcessHost());
