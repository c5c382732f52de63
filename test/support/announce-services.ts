import { CHROMIUM, REDIS, requiredButMissing, servicesRequired } from './service-paths.js';

/**
 * The e2e project's global setup, run once in vitest's own process: one loud line per real
 * service that is missing (its suites are then skipped), or, where services are required
 * (`.ci/run`), a failed run before any suite starts.
 */
export default function announceMissingServices(): void {
  for (const service of [CHROMIUM, REDIS]) {
    if (service.path()) continue;
    if (servicesRequired) throw new Error(requiredButMissing(service));
    process.stderr.write(
      `\n!!! ${service.name} not found: its suites are SKIPPED. Install it (${service.install}) to run them.\n`,
    );
  }
}
