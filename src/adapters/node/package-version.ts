import { readFileSync } from 'node:fs';

/**
 * The version of the installed kyc-flow: read from its `package.json`, found by walking up
 * from this module (`dist/` in a package, `src/adapters/node/` in the repository).
 */
export function packageVersion(from: string | URL = import.meta.url): string {
  for (let url = new URL('./package.json', from); ; ) {
    try {
      const manifest: unknown = JSON.parse(readFileSync(url, 'utf8'));
      if (
        typeof manifest === 'object' &&
        manifest !== null &&
        'name' in manifest &&
        manifest.name === 'kyc-flow' &&
        'version' in manifest &&
        typeof manifest.version === 'string'
      ) {
        return manifest.version;
      }
    } catch {
      // No readable package.json here: look one directory up.
    }
    const parent = new URL('../package.json', url);
    if (parent.href === url.href) return 'unknown';
    url = parent;
  }
}
