import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { type Rolldown, build as viteBuild } from 'vite';

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
  /**
   * What each source renders to in what loads at once (packages summed), before
   * minification, largest first: where the bytes go, not how many ship.
   */
  readonly sources: ReadonlyArray<readonly [source: string, minifiedBytes: number]>;
}

/** The measured module, as if it were a file at the repository's root. */
const ENTRY = join(ROOT, 'kyc-flow-bundle-entry.ts');

const isExternal = (external: readonly string[]) => (id: string) =>
  external.some((name) => id === name || id.startsWith(`${name}/`));

/**
 * Bundles `contents` (an ES module, paths relative to the repository) for the browser the
 * way an application does: a production `vite build` (Vite 8, rolldown, its default
 * minifier), every dependency in, tree-shaken, dynamic imports split into chunks of their
 * own, the entry's exports kept. Gzip at level 9. Deterministic: same sources, same bytes.
 * Nothing is written to disk.
 *
 * Vite, like Rollup and webpack, keeps a module the entry already loads in the entry's
 * chunk when a lazy chunk imports it too (`@statelyai/inspect` imports xstate). esbuild
 * puts such a module in a shared chunk of its own, gzipped apart: see `esbuildGzipBytes`.
 */
export async function bundleSize(
  label: string,
  contents: string,
  external: readonly string[] = [],
): Promise<BundleSize> {
  const result = await viteBuild({
    configFile: false,
    root: ROOT,
    mode: 'production',
    logLevel: 'silent',
    // A production build whatever this process's NODE_ENV (vitest sets it to `test`, and
    // Vite would then resolve xstate's `development` build).
    resolve: { conditions: ['module', 'browser', 'production'] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === ENTRY ? ENTRY : undefined),
        load: (id) => (id === ENTRY ? contents : undefined),
      },
    ],
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: ENTRY,
        external: isExternal(external),
        preserveEntrySignatures: 'exports-only',
      },
    },
  });
  if (!('output' in result)) throw new Error(`vite produced no single output for ${label}`);
  const chunks = new Map<string, Rolldown.OutputChunk>();
  for (const file of result.output) if (file.type === 'chunk') chunks.set(file.fileName, file);
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
  if (!entry) throw new Error(`vite produced no entry chunk for ${label}`);
  const eager = new Set<string>();
  const visit = (fileName: string) => {
    if (eager.has(fileName)) return;
    eager.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  visit(entry.fileName);
  let minifiedBytes = 0;
  let gzipBytes = 0;
  let lazyGzipBytes = 0;
  for (const [fileName, chunk] of chunks) {
    const bytes = Buffer.from(chunk.code);
    const gzipped = gzipSync(bytes, { level: 9 }).byteLength;
    if (eager.has(fileName)) {
      minifiedBytes += bytes.byteLength;
      gzipBytes += gzipped;
    } else {
      lazyGzipBytes += gzipped;
    }
  }
  const sources = new Map<string, number>();
  for (const fileName of eager) {
    for (const [id, { renderedLength }] of Object.entries(chunks.get(fileName)?.modules ?? {})) {
      const source = packageOf(relative(ROOT, id.replace(/^\0/, '')).split(sep).join('/'));
      sources.set(source, (sources.get(source) ?? 0) + renderedLength);
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

/**
 * For context: the same entry through esbuild (minified, split, gzipped per chunk), which
 * puts xstate in a chunk of its own beside the entry because the lazy inspector imports it
 * too. Two files gzip apart, so the same code weighs more than in one.
 */
export async function esbuildGzipBytes(contents: string): Promise<number> {
  const entry = 'kyc-flow-bundle-entry';
  const result = await esbuild({
    entryPoints: [entry],
    plugins: [
      {
        name: 'entry',
        setup(plugin) {
          plugin.onResolve({ filter: new RegExp(`^${entry}$`) }, () => ({
            path: entry,
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
    splitting: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const files = new Map(result.outputFiles.map((file) => [relative(ROOT, file.path), file]));
  const start = Object.keys(outputs).find((path) => outputs[path]?.entryPoint?.endsWith(entry));
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  if (start) visit(start);
  let gzipBytes = 0;
  for (const path of eager) {
    const file = files.get(path.split('/').join(sep));
    if (file) gzipBytes += gzipSync(file.contents, { level: 9 }).byteLength;
  }
  return gzipBytes;
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
  /** The ten largest sources of what loads at once (rendered bytes, before minification). */
  readonly largest: BundleSize['sources'];
  /** For context: the same entry through esbuild, xstate in a chunk of its own. */
  readonly esbuildGzipBytes: number;
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
  const [main, noXstate, noKy, noZod, ours, xstate, ky, zodMini, viaEsbuild] = await Promise.all([
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
    esbuildGzipBytes(entry.contents),
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
    esbuildGzipBytes: viaEsbuild,
    breakdown: {
      xstate: shareOf('xstate', noXstate),
      ky: shareOf('ky', noKy),
      zod: shareOf('zod', noZod),
      kycFlow: ours,
    },
    alone: { xstate, ky, zodMini },
  };
}
