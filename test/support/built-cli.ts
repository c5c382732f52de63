import { resolve } from 'node:path';
import { build } from 'tsdown';
import { BUILT_CLI } from './cli.js';

/**
 * The e2e project's global setup: builds `BUILT_CLI` from the sources as they are now (in
 * about a quarter of a second), so every suite that starts the CLI runs this run's code.
 */
export default async function buildCli(): Promise<void> {
  await build({
    config: false,
    entry: { cli: 'src/adapters/node/cli/main.ts' },
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    fixedExtension: false,
    outDir: resolve(BUILT_CLI, '..'),
    clean: true,
    dts: false,
    logLevel: 'error',
  });
}
