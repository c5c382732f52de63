import { defineConfig } from 'tsdown';

/**
 * One build, so every entry shares the same chunks (one `GatewayError` class, one chart)
 * and `instanceof` holds across `kyc-flow` and `kyc-flow/node`. Node built-ins stay
 * external; that the browser entries pull none is guarded by test/browser's bundle test.
 */
export default defineConfig({
  format: 'esm',
  dts: true,
  target: 'es2022',
  clean: true,
  platform: 'node',
  fixedExtension: false,
  entry: {
    index: 'src/index.ts',
    browser: 'src/adapters/browser/index.ts',
    react: 'src/adapters/react/index.ts',
    countries: 'src/adapters/browser/countries.ts',
    proxy: 'src/adapters/proxy/index.ts',
    node: 'src/adapters/node/index.ts',
    sandbox: 'src/sandbox/index.ts',
    queue: 'src/adapters/queue/index.ts',
    cli: 'src/adapters/node/cli/main.ts',
  },
});
