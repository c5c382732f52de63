import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';
import { freePort } from './free-port.js';

/**
 * Suites that need a real service (Chromium, Redis) find it the usual ways. On a machine
 * without it they are skipped with one loud line saying how to install it, so
 * `npm ci && npm test` passes anywhere; `.ci/run` sets KYC_FLOW_REQUIRE_SERVICES=1, which
 * turns a missing service into a failure, so CI can never skip them.
 */
export const servicesRequired = process.env.KYC_FLOW_REQUIRE_SERVICES === '1';

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const onPath = (name: string) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);

const firstOf = (envVar: string, names: readonly string[], paths: readonly string[]) => {
  const given = process.env[envVar];
  if (given) return executable(given) ? given : undefined;
  for (const name of names) {
    const found = onPath(name);
    if (found) return found;
  }
  return paths.find(executable);
};

/** Chromium or Chrome: CHROMIUM_PATH, then PATH, then the usual install locations. */
export const chromiumPath = (): string | undefined =>
  firstOf(
    'CHROMIUM_PATH',
    ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'],
    [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
  );

/** Debian's `redis-server`: REDIS_SERVER_PATH, then PATH, then the usual locations. */
export const redisServerPath = (): string | undefined =>
  firstOf(
    'REDIS_SERVER_PATH',
    ['redis-server'],
    ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'],
  );

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

const announced = new Set<string>();
const missing = (service: string, install: string) => {
  const line = `\n!!! ${service} not found: its suites are SKIPPED. Install it (${install}) to run them.\n`;
  if (servicesRequired) {
    throw new Error(
      `${service} is required here (KYC_FLOW_REQUIRE_SERVICES=1) but not found: ${install}`,
    );
  }
  if (!announced.has(service)) {
    announced.add(service);
    process.stderr.write(line);
  }
};

/** `describe` when Chromium is here (or required), a loudly skipped one when not. */
export const describeWithChromium = (name: string, body: () => void) => {
  if (chromiumPath()) return describe(name, body);
  missing(
    'Chromium',
    'apt-get install -y chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary',
  );
  return describe.skip(`${name} (no Chromium on this machine)`, body);
};

/** `describe` when redis-server is here (or required), a loudly skipped one when not. */
export const describeWithRedis = (name: string, body: () => void) => {
  if (redisServerPath()) return describe(name, body);
  missing('redis-server', 'apt-get install -y redis-server, or set REDIS_SERVER_PATH');
  return describe.skip(`${name} (no redis-server on this machine)`, body);
};

/** The Chromium to launch; throws (with the install hint) when there is none. */
export const requireChromium = (): string => {
  const path = chromiumPath();
  if (!path) throw new Error('no Chromium: apt-get install -y chromium, or set CHROMIUM_PATH');
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
  if (!binary) throw new Error('no redis-server: apt-get install -y redis-server');
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
