import { configDefaults, defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/longest-first.js';

/**
 * Two projects, by what a suite does rather than where it lives:
 * - `unit`: pure logic, fake gateways and fetches, in-process fakes, a fake clock where
 *   time matters. No sockets are listened on and no processes started (the guard in
 *   test/support/unit-guard.ts fails a suite that tries): `npm run test:unit` stays fast.
 * - `e2e`: the real parts (HTTP over loopback, child processes, Chromium, Redis, builds).
 * Every test file runs in exactly one of them: unit is everything e2e does not claim.
 */
const E2E = [
  // The sandbox, the proxy or the demo server served over real HTTP on loopback, and the
  // scale run (10 000 executions) among them.
  'test/sandbox/**/*.test.ts',
  'test/contract/**/*.test.ts',
  'test/tolerance/**/*.test.ts',
  'test/machine/sandbox-*.test.ts',
  'test/node/run-headless*.test.ts',
  // The inspector's own local server (the offline viewer and its event stream).
  'test/node/run-inspector.test.ts',
  'test/proxy/{attack-*,proxy-flow,proxy-refusals,proxy-upstream,proxy-validation,secure-default}.test.ts',
  'test/browser/{browser-flow,cross-origin-page,discard,inspector}.test.ts',
  'test/resilience/{chart-fuzz,restore-anywhere}.test.ts',
  // The gateway client's transport against real HTTP and HTTPS servers.
  'test/services/{loopback-http,https-trust,redirect}.test.ts',
  // Child processes: the CLI, processes killed mid-flow, chaos runs.
  'test/node/cli-*.test.ts',
  'test/resilience/{chaos,host-input,personal-data,restore-process}.test.ts',
  // Chromium (skipped loudly where there is none; required in CI).
  'test/browser/demo-*.test.ts',
  'test/browser/inspector-viewer.test.ts',
  'test/browser/{handoff-devices,base-href,react-hydration,blocked-storage,signed-out,unknown-status-page,embedded-page,react-remount}.test.ts',
  // Builds: esbuild bundles and the packed tarball.
  'test/bundle/**/*.test.ts',
  'test/browser/bundle.test.ts',
  'test/resilience/browser-secret.test.ts',
  'test/package/**/*.test.ts',
  // A private redis-server (skipped loudly where there is none; required in CI).
  'test/proxy/redis-bindings.test.ts',
  // The proxy's kept flows and phone handoffs, over loopback and in a real redis-server.
  'test/proxy/{flows-store,handoff-stores,handoff,handoff-one-user,proxy-tolerance}.test.ts',
  // Worker processes on a real redis-server, the queue and its CLI.
  'test/queue/**/*.test.ts',
];

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...E2E],
          setupFiles: ['test/support/unit-guard.ts'],
          // Suites share a worker's modules instead of loading src/ afresh for each file.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Unit suites are CPU-bound: one worker per core (vitest's default leaves one idle).
          maxWorkers: '100%',
          // Unit first: its failures show in seconds, before the e2e suites start.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: E2E,
          // One line per missing Chromium or redis-server, whose suites then skip; a failed
          // run instead where they are required (KYC_FLOW_REQUIRE_SERVICES=1, as in CI). Then
          // the CLI the suites start, built once from the sources (`built-cli.ts`).
          globalSetup: ['test/support/announce-services.ts', 'test/support/built-cli.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One suite per core, not more: the processes these suites start (the CLI under
          // tsx, Chromium, esbuild) need the CPU too, and suites that still run the sandbox
          // on a sped-up real clock miss their marks when starved.
          maxWorkers: '100%',
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
