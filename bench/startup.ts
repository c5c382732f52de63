import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { CORE_ENTRY, ROOT } from './bundle.js';
import { median, round } from './statistics.js';

const run = promisify(execFile);

export interface StartupResult {
  /** Median over `runs` fresh processes: `import('kyc-flow')` until a started flow exists. */
  readonly importAndCreateMs: number;
  /** Of which: evaluating the package (its dependencies included). */
  readonly importMs: number;
  /** Of which: `createKycFlow(...).start()`. */
  readonly createMs: number;
  /** Node's own start-up until the script runs, for scale. */
  readonly nodeBootMs: number;
  readonly runs: number;
  readonly note: string;
}

/**
 * The runner a fresh process executes: it times the import of the package as published
 * (one ES module, dependencies from node_modules) and the creation of one flow.
 */
const RUNNER = `
const booted = performance.now();
const { createKycFlow } = await import('./kyc-flow.mjs');
const imported = performance.now();
const refuse = () => Promise.reject(new Error('unused'));
const client = new Proxy({}, { get: () => refuse });
createKycFlow({ client, customer: { customerId: 'C_startup' } }).start();
const created = performance.now();
console.log(JSON.stringify({ booted, importMs: imported - booted, createMs: created - imported }));
process.exit(0);
`;

export async function measureStartup(runs: number): Promise<StartupResult> {
  // Inside node_modules/.cache so that the bundle's bare imports resolve like an install's.
  const dir = join(ROOT, 'node_modules', '.cache', 'kyc-flow-startup');
  await mkdir(dir, { recursive: true });
  await build({
    entryPoints: [join(ROOT, CORE_ENTRY)],
    outfile: join(dir, 'kyc-flow.mjs'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  await writeFile(join(dir, 'runner.mjs'), RUNNER);
  const samples: Array<{ booted: number; importMs: number; createMs: number }> = [];
  for (let index = 0; index < runs; index++) {
    const { stdout } = await run(process.execPath, [join(dir, 'runner.mjs')], {
      cwd: dir,
      timeout: 30_000,
    });
    samples.push(JSON.parse(stdout.trim()));
  }
  const totals = samples.map((sample) => sample.importMs + sample.createMs);
  return {
    importAndCreateMs: round(median(totals), 1),
    importMs: round(median(samples.map((sample) => sample.importMs)), 1),
    createMs: round(median(samples.map((sample) => sample.createMs)), 2),
    nodeBootMs: round(median(samples.map((sample) => sample.booted)), 1),
    runs,
    note: `${CORE_ENTRY} bundled as the published package is (dependencies from node_modules), imported by a fresh node process`,
  };
}
