import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where the real services some suites need (Chromium, Redis) are found: the variable a
 * developer sets, then the PATH, then the usual install locations. No vitest here: the e2e
 * project's global setup reads this too, in vitest's own process.
 */

/** `.ci/run` sets KYC_FLOW_REQUIRE_SERVICES=1: a missing service fails the run there. */
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

export interface Service {
  readonly name: string;
  readonly path: () => string | undefined;
  /** How to get it, in the words of the one line printed when it is missing. */
  readonly install: string;
}

export const CHROMIUM: Service = {
  name: 'Chromium',
  path: chromiumPath,
  install: 'apt-get install -y chromium, or set CHROMIUM_PATH to a Chromium or Chrome binary',
};

export const REDIS: Service = {
  name: 'redis-server',
  path: redisServerPath,
  install: 'apt-get install -y redis-server, or set REDIS_SERVER_PATH',
};

/** Why a run that must have the service (CI) fails without it. */
export const requiredButMissing = (service: Service) =>
  `${service.name} is required here (KYC_FLOW_REQUIRE_SERVICES=1) but not found: ${service.install}`;
