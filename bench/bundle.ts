import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * The budget: the browser entry with every dependency (xstate, ky, ours), minified and
 * gzipped. No zod and no wire schemas in it: the host's proxy validates both directions.
 */
export const BUNDLE_BUDGET_BYTES = 35 * 1024;

/**
 * What `npm test` enforces: the budget itself. Lower it whenever the bundle shrinks; never
 * raise it without saying why in the commit.
 */
export const BUNDLE_CEILING_BYTES = BUNDLE_BUDGET_BYTES;

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const BROWSER_ENTRY = 'src/adapters/browser/index.ts';
export const CORE_ENTRY = 'src/index.ts';

export interface BundleSize {
  readonly label: string;
  /** What the page loads before the entry runs: the entry chunk and its static imports. */
  readonly minifiedBytes: number;
  /** The same, each file gzipped on its own as a server sends it. */
  readonly gzipBytes: number;
  /** Chunks loaded only on demand (`import()`), gzipped, not counted above. */
  readonly lazyGzipBytes: number;
  /** Minified bytes per source in what loads at once (packages summed), largest first. */
  readonly sources: ReadonlyArray<readonly [source: string, minifiedBytes: number]>;
}

const ENTRY = 'kyc-flow-bundle-entry';

/**
 * Bundles `contents` (an ES module, paths relative to the repository) for the browser the
 * way an application's bundler would: every dependency in, minified, tree-shaken, dynamic
 * imports split into chunks of their own. Gzip at level 9. Deterministic: same sources,
 * same bytes. Nothing is written to disk.
 */
export async function bundleSize(
  label: string,
  contents: string,
  external: readonly string[] = [],
): Promise<BundleSize> {
  const result = await build({
    external: [...external],
    entryPoints: [ENTRY],
    plugins: [
      {
        name: 'entry',
        setup(plugin) {
          plugin.onResolve({ filter: new RegExp(`^${ENTRY}$`) }, () => ({
            path: ENTRY,
            namespace: 'bundle-entry',
          }));
          plugin.onLoad({ filter: /.*/, namespace: 'bundle-entry' }, () => ({
            contents,
            resolveDir: ROOT,
            loader: 'ts',
          }));
        },
      },
    ],
    absWorkingDir: ROOT,
    outdir: join(ROOT, 'node_modules', '.cache', 'kyc-flow-bundle-size'),
    bundle: true,
    minify: true,
    treeShaking: true,
    splitting: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map(
    result.outputFiles.map((file) => [
      relative(ROOT, file.path).split(sep).join('/'),
      file.contents,
    ]),
  );
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint?.endsWith(ENTRY));
  if (!entry) throw new Error(`esbuild produced no entry chunk for ${label}`);
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  let minifiedBytes = 0;
  let gzipBytes = 0;
  let lazyGzipBytes = 0;
  for (const [path, bytes] of files) {
    if (!path.endsWith('.js')) continue;
    const gzipped = gzipSync(bytes, { level: 9 }).byteLength;
    if (eager.has(path)) {
      minifiedBytes += bytes.byteLength;
      gzipBytes += gzipped;
    } else {
      lazyGzipBytes += gzipped;
    }
  }
  const sources = new Map<string, number>();
  for (const path of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
      const source = packageOf(input);
      sources.set(source, (sources.get(source) ?? 0) + bytesInOutput);
    }
  }
  return {
    label,
    minifiedBytes,
    gzipBytes,
    lazyGzipBytes,
    sources: [...sources].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]),
  };
}

/** `node_modules/@scope/name/...` and `node_modules/name/...` as the package; our files as they are. */
function packageOf(input: string): string {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return input;
  const name = parts[at + 1] ?? '';
  return name.startsWith('@') ? `${name}/${parts[at + 2] ?? ''}` : name;
}

/** What `kyc-flow/browser` ships; the core until the browser entry exists. */
export function browserEntry(): { readonly path: string; readonly contents: string } {
  const path = existsSync(new URL(`../${BROWSER_ENTRY}`, import.meta.url))
    ? BROWSER_ENTRY
    : CORE_ENTRY;
  return { path, contents: `export * from './${path}';` };
}

export interface BundleReport {
  /** The guarded figure: the browser entry (or the core until it exists). */
  readonly entry: string;
  readonly gzipBytes: number;
  readonly minifiedBytes: number;
  /** Loaded on demand only (the Stately inspector), not counted in `gzipBytes`. */
  readonly lazyGzipBytes: number;
  /** The ten largest sources of what loads at once, minified bytes. */
  readonly largest: BundleSize['sources'];
  /**
   * Where the entry's gzipped bytes go: each dependency's share is what leaving it out
   * saves; `kycFlow` is the entry with every dependency left out (our own code). `zod` is 0
   * by design: the browser's client carries no schema (the proxy validates both ways).
   */
  readonly breakdown: {
    readonly xstate: number;
    readonly ky: number;
    readonly zod: number;
    readonly kycFlow: number;
  };
  /** For context: each dependency bundled alone, as kyc-flow imports it. */
  readonly alone: {
    readonly xstate: BundleSize;
    readonly ky: BundleSize;
    /** What a client that validates with the contract's schemas carries (the proxy, Node). */
    readonly zodMini: BundleSize;
  };
}

const DEPENDENCIES = { xstate: ['xstate'], ky: ['ky'], zod: ['zod', 'zod/mini'] } as const;

export async function measureBundles(): Promise<BundleReport> {
  const entry = browserEntry();
  const without = (external: readonly string[]) =>
    bundleSize(entry.path, entry.contents, external).then((size) => size.gzipBytes);
  const [main, noXstate, noKy, noZod, ours, xstate, ky, zodMini] = await Promise.all([
    bundleSize(entry.path, entry.contents),
    without(DEPENDENCIES.xstate),
    without(DEPENDENCIES.ky),
    without(DEPENDENCIES.zod),
    without(Object.values(DEPENDENCIES).flat()),
    bundleSize(
      'xstate',
      "export { assign, assertEvent, createActor, emit, enqueueActions, fromPromise, setup } from 'xstate';",
    ),
    bundleSize(
      'ky',
      "export { default, isForceRetryError, isHTTPError, isTimeoutError } from 'ky';",
    ),
    // The wire contract's schemas, as a client that validates by itself would carry them.
    bundleSize(
      'zod/mini + wire schemas',
      "export { methods } from './src/services/wire/methods.ts';",
    ),
  ]);
  // Leaving out a package the entry does not load changes only chunk names: no share.
  const shareOf = (name: keyof typeof DEPENDENCIES, withoutIt: number) =>
    main.sources.some(([source]) => source === name) ? main.gzipBytes - withoutIt : 0;
  return {
    entry: entry.path,
    gzipBytes: main.gzipBytes,
    minifiedBytes: main.minifiedBytes,
    lazyGzipBytes: main.lazyGzipBytes,
    largest: main.sources.slice(0, 10),
    breakdown: {
      xstate: shareOf('xstate', noXstate),
      ky: shareOf('ky', noKy),
      zod: shareOf('zod', noZod),
      kycFlow: ours,
    },
    alone: { xstate, ky, zodMini },
  };
}
