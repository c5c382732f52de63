import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/**
 * The demo imports kyc-flow the way an app would, by its package subpaths, mapped here to
 * the sources so that a change shows without a build. The built package itself (dist and
 * its exports, from the packed tarball) is what test/package installs and imports.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: {
    alias: {
      'kyc-flow/react': src('adapters/react/index.ts'),
      'kyc-flow/browser': src('adapters/browser/index.ts'),
      'kyc-flow/countries': src('adapters/browser/countries.ts'),
      'kyc-flow': src('index.ts'),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
