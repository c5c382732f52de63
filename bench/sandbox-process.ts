/**
 * The sandbox in a process of its own, steered over IPC by `bench/sandbox-host.ts`: the
 * throughput run's gateway, as a team's real gateway is another machine. Each `start`
 * serves a fresh sandbox (the previous one closed); `close` answers the CPU this process
 * spent since that start, so that a reader sees what the gateway side cost.
 */
import { startSandbox } from '../src/sandbox/index.js';
import type { Sandbox } from '../src/sandbox/types.js';
import type { SandboxReply, SandboxRequest } from './sandbox-messages.js';

let sandbox: Sandbox | undefined;
let cpu = process.cpuUsage();

const reply = (message: SandboxReply) => process.send?.(message);

const handle = async (request: SandboxRequest): Promise<SandboxReply> => {
  await sandbox?.close();
  sandbox = undefined;
  if (request.type === 'close') {
    const used = process.cpuUsage(cpu);
    return { id: request.id, type: 'closed', cpuMs: (used.user + used.system) / 1000 };
  }
  sandbox = await startSandbox(request.options);
  cpu = process.cpuUsage();
  const { gatewayUrl, storageUrl, credentials } = sandbox;
  return { id: request.id, type: 'started', gatewayUrl, storageUrl, credentials };
};

process.on('message', (request: SandboxRequest) => {
  handle(request).then(reply, (error: unknown) =>
    reply({ id: request.id, type: 'failed', message: String(error) }),
  );
});
// The bench went away (or is done): nothing to serve any more.
process.on('disconnect', () => {
  void (sandbox?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
reply({ id: 0, type: 'ready' });
