import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The package as a consumer gets it: `npm pack` (which builds on `prepack`), the tarball
 * installed into a fresh project, and there every subpath imported and required, the CLI
 * run, and the tarball linted by publint and attw. Needs the npm registry (dependencies).
 */

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  readonly version: string;
  readonly devDependencies: Record<string, string>;
};
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; a non-zero exit is an outcome, not a throw. */
const run = (command: string, args: readonly string[], cwd: string): Promise<Outcome> =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      {
        cwd,
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, FORCE_COLOR: '0' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

const ok = async (command: string, args: readonly string[], cwd: string): Promise<Outcome> => {
  const outcome = await run(command, args, cwd);
  expect(outcome.code, `${command} ${args.join(' ')}\n${outcome.stderr}`).toBe(0);
  return outcome;
};

const npmInstall = (cwd: string, specs: readonly string[]) =>
  ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], cwd);

/** The versions this repository tests with, so the install finds them in npm's cache. */
const pinned = (name: string) => `${name}@${manifest.devDependencies[name] ?? 'latest'}`;

const WITHOUT_PEERS = ['kyc-flow', 'kyc-flow/node', 'kyc-flow/browser', 'kyc-flow/proxy'];
const WITH_PEERS = ['kyc-flow/sandbox', 'kyc-flow/react'];

/** Every subpath loaded once with `import` and once with `require` (Node >= 20.19). */
const loadEach = async (project: string, subpaths: readonly string[]) => {
  const list = JSON.stringify(subpaths);
  await writeFile(
    join(project, 'load.mjs'),
    `for (const s of ${list}) { const m = await import(s); if (Object.keys(m).length === 0) throw new Error(s); }\nconsole.log('imported');\n`,
  );
  await writeFile(
    join(project, 'load.cjs'),
    `for (const s of ${list}) { const m = require(s); if (Object.keys(m).length === 0) throw new Error(s); }\nconsole.log('required');\n`,
  );
  expect((await ok('node', ['load.mjs'], project)).stdout).toContain('imported');
  expect((await ok('node', ['load.cjs'], project)).stdout).toContain('required');
};

let scratch: string;
let project: string;
let tarball: string;
let install: Outcome;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'kyc-flow-pack-'));
  project = join(scratch, 'consumer');
  await mkdir(project);
  await ok('npm', ['pack', '--pack-destination', scratch, '--loglevel', 'error'], root);
  const packed = (await readdir(scratch)).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error('npm pack made no tarball');
  tarball = join(scratch, packed);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  install = await npmInstall(project, [tarball]);
}, 180_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the packed package, installed in a fresh project', () => {
  it('installs without a warning about kyc-flow, and ships its licence and examples', () => {
    expect(install.stderr).not.toMatch(/kyc-flow/);
    const installed = join(project, 'node_modules', 'kyc-flow');
    expect(existsSync(join(installed, 'LICENSE'))).toBe(true);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('resolves the sample profile and scenario through the exports', async () => {
    const script = [
      "import { existsSync } from 'node:fs';",
      "import { fileURLToPath } from 'node:url';",
      "for (const s of ['kyc-flow/examples/profiles/jane-doe.json', 'kyc-flow/examples/scenarios/quick-review.json']) {",
      '  if (!existsSync(fileURLToPath(import.meta.resolve(s)))) throw new Error(s);',
      '}',
      "console.log('resolved');",
    ].join('\n');
    await writeFile(join(project, 'resolve.mjs'), script);
    expect((await ok('node', ['resolve.mjs'], project)).stdout).toContain('resolved');
  });

  it('imports and requires the chart, the client, node, browser and proxy with no peer installed', async () => {
    await loadEach(project, WITHOUT_PEERS);
  });

  it('answers kyc-flow --version', async () => {
    const { stdout } = await ok('npx', ['--no-install', 'kyc-flow', '--version'], project);
    expect(stdout.trim()).toBe(manifest.version);
  });

  it('says which optional peers kyc-flow/queue needs, with a typed error', async () => {
    const script = [
      "try { await import('kyc-flow/queue'); console.log('loaded'); }",
      'catch (error) { console.log(error.name, error.code, error.message); }',
    ].join('\n');
    await writeFile(join(project, 'queue.mjs'), script);
    const { stdout } = await ok('node', ['queue.mjs'], project);
    expect(stdout).toContain('MissingPeerError PEER_MISSING');
    expect(stdout).toContain('npm install bullmq ioredis undici');
  });

  it('says which optional peer to install when the sandbox needs it', async () => {
    const outcome = await run('npx', ['--no-install', 'kyc-flow', 'run'], project);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('npm install hono @hono/node-server');
  });

  describe('with the optional peers installed', () => {
    beforeAll(async () => {
      await npmInstall(project, [
        pinned('hono'),
        pinned('@hono/node-server'),
        pinned('@statelyai/inspect'),
        pinned('react'),
        pinned('bullmq'),
        pinned('ioredis'),
        pinned('undici'),
      ]);
    }, 180_000);

    it('imports and requires the sandbox and the React hooks', async () => {
      await loadEach(project, WITH_PEERS);
    });

    it('imports kyc-flow/queue (ESM import only: it loads its peers with a top-level await)', async () => {
      const script =
        "const m = await import('kyc-flow/queue'); console.log(typeof m.createKycQueue, typeof m.createKycWorker);";
      await writeFile(join(project, 'queue-loaded.mjs'), script);
      expect((await ok('node', ['queue-loaded.mjs'], project)).stdout).toContain(
        'function function',
      );
    });

    it('runs an onboarding against the embedded sandbox: APPROVED', async () => {
      const { stdout } = await ok('npx', ['--no-install', 'kyc-flow', 'run'], project);
      expect(stdout).toContain('APPROVED');
    });
  });
});

describe('the tarball, linted', () => {
  it('is clean for publint', async () => {
    const { stdout } = await ok(bin('publint'), ['run', tarball], scratch);
    expect(stdout).toContain('All good');
  });

  it('has the types right for ESM under node16 and bundlers (attw, ESM-only profile)', async () => {
    await ok(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], scratch);
  });
});
