import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';
import {
  CHROMIUM,
  REDIS,
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

/** Debian's Chromium, headless, as every browser suite launches it. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: requireChromium(), headless: true, args: [...CHROMIUM_ARGS] });

export { type RedisServer, startRedisServer } from './redis-server.js';
