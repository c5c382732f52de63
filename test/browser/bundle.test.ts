import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// Scratch space inside the project, cleaned after the run.
const outdir = join(root, 'node_modules', '.cache', 'kyc-flow-browser-bundle');
const entries = {
  browser: join(root, 'src/adapters/browser/index.ts'),
  react: join(root, 'src/adapters/react/index.ts'),
  countries: join(root, 'src/adapters/browser/countries.ts'),
};

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
let metafile: Metafile;

beforeAll(async () => {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: entries,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    outdir,
    metafile: true,
    absWorkingDir: root,
    logLevel: 'silent',
  });
  metafile = result.metafile;
}, 60_000);
afterAll(() => rm(outdir, { recursive: true, force: true }));

const outputOf = (entry: string) => {
  const found = Object.entries(metafile.outputs).find(
    ([, output]) => output.entryPoint === relative(root, entry),
  );
  if (!found) throw new Error(`no output for ${entry}`);
  return { path: join(root, found[0]), ...found[1] };
};

/** The output files a browser fetches before the entry runs (static imports, transitively). */
const staticClosure = (path: string): Set<string> => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const entry of metafile.outputs[relative(root, file)]?.imports ?? []) {
      if (entry.kind === 'import-statement' && !entry.external) visit(join(root, entry.path));
    }
  };
  visit(path);
  return seen;
};

describe('the browser entries', () => {
  it('bundle for the browser with no Node built-in and nothing Node-only', () => {
    const imported = Object.values(metafile.outputs).flatMap((output) => output.imports);
    expect(imported.filter((entry) => builtins.has(entry.path))).toEqual([]);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((path) => /src\/(sandbox|adapters\/node)\//.test(path))).toEqual([]);
    expect(inputs.filter((path) => /node_modules\/(ws|@hono\/node-server)\//.test(path))).toEqual(
      [],
    );
  });

  it('load the Stately inspector only on demand, in a chunk of its own', async () => {
    const loadedAtOnce = staticClosure(outputOf(entries.browser).path);
    const inspectorIn = (path: string) =>
      Object.keys(metafile.outputs[relative(root, path)]?.inputs ?? {}).some((input) =>
        input.includes('@statelyai/inspect'),
      );
    expect([...loadedAtOnce].filter(inspectorIn)).toEqual([]);
    const all = Object.keys(metafile.outputs).map((path) => join(root, path));
    expect(all.filter(inspectorIn)).toHaveLength(1);
    for (const path of loadedAtOnce) expect(await readFile(path, 'utf8')).not.toMatch(/\beval\(/);
  });

  it('carry no schema: neither zod nor the wire contract (the proxy validates both ways)', () => {
    const shipped = Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    expect(shipped.some((path) => path.endsWith('src/services/plain-codec.ts'))).toBe(true);
    const schemas =
      /node_modules\/zod\/|src\/services\/(zod-codec|issues|wire\/(methods|records|json-string))\.ts$/;
    expect(shipped.filter((path) => schemas.test(path))).toEqual([]);
  });

  it('import in a plain Node process (no DOM) without throwing or starting anything', async () => {
    const urls = [outputOf(entries.browser).path, outputOf(entries.react).path].map(
      (path) => pathToFileURL(path).href,
    );
    const script = [
      "if (typeof window !== 'undefined' || typeof document !== 'undefined') throw new Error('DOM present');",
      ...urls.map((url) => `const m${urls.indexOf(url)} = await import(${JSON.stringify(url)});`),
      "if (typeof m0.createBrowserFlow !== 'function' || typeof m1.useKycFlow !== 'function') throw new Error('exports missing');",
      "console.log('imported');",
    ].join('\n');
    // The process ends by itself only if importing left no timer or listener behind.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: root, timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('imported');
  });
});
