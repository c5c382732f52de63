import { type ChildProcess, spawn } from 'node:child_process';
import { describe } from 'vitest';
import { freePort } from './free-port.js';
import {
  CHROMIUM,
  REDIS,
  redisServerPath,
  requiredButMissing,
  type Service,
  servicesRequired,
} from './service-paths.js';

/**
 * Suites that need a real service (Chromium, Redis) find it the usual ways
 * (service-paths.ts). On a machine without it they are skipped, and the e2e project's global
 * setup (announce-services.ts) says so in one loud line with how to install it, so
 * `npm ci && npm test` passes anywhere; `.ci/run` sets KYC_FLOW_REQUIRE_SERVICES=1, which
 * turns a missing service into a failure, so CI can never skip them.
 */
const describeWith = (service: Service) => (name: string, body: () => void) => {
  if (service.path()) return describe(name, body);
  if (servicesRequired) throw new Error(requiredButMissing(service));
  return describe.skip(`${name} (no ${service.name} on this machine)`, body);
};

/** `describe` when Chromium is here (or required), a skipped one when not. */
export const describeWithChromium = describeWith(CHROMIUM);

/** `describe` when redis-server is here (or required), a skipped one when not. */
export const describeWithRedis = describeWith(REDIS);

/** The flags every test launch of Chromium uses (no network of its own, no sandbox as root). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** The Chromium to launch; throws (with the install hint) when there is none. */
export const requireChromium = (): string => {
  const path = CHROMIUM.path();
  if (!path) throw new Error(`no Chromium: ${CHROMIUM.install}`);
  return path;
};

export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts a private redis-server on a free loopback port, with no persistence. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerPath();
  if (!binary) throw new Error(`no redis-server: ${REDIS.install}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
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
