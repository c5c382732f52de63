import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './free-port.js';
import { REDIS, redisServerPath } from './service-paths.js';

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a private redis-server on a free loopback port (or `port`: one stopped there comes
 * back), with no persistence; with `requirePassword`, one that refuses clients without it
 * (`url` carries none).
 */
export async function startRedisServer(
  options: { readonly requirePassword?: string; readonly port?: number } = {},
): Promise<RedisServer> {
  const binary = redisServerPath();
  if (!binary) throw new Error(`no redis-server: ${REDIS.install}`);
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    binary,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...(options.requirePassword ? ['--requirepass', options.requirePassword] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
  });
  child.removeAllListeners('exit');
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
