import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStateFile } from '../../src/adapters/node/cli/state-file.js';
import { lockStateFile } from '../../src/adapters/node/cli/state-lock.js';
import { createKycFlow } from '../../src/machine/index.js';
import { canFillDisk, runModule } from '../support/full-disk.js';

/**
 * What a CLI run leaves on disk when its files cannot be written (a full disk, simulated in a
 * child process by a file size limit of 0: the real file system, no mock), and when a killed
 * run's temporary file lies where a new process of the same pid would write.
 */

const source = (path: string) => JSON.stringify(resolve(path));
const LOCK = source('src/adapters/node/cli/state-lock.ts');
const MEMORY = source('src/adapters/node/cli/sandbox-memory-file.ts');
const STORE = source('src/adapters/node/file-snapshot-store.ts');
const MACHINE = source('src/machine/index.ts');

/** The child's code that builds a real persisted flow, as `flow` below. */
const FLOW = `createKycFlow({ client: { gatewayUrl: 'http://127.0.0.1:1/gateway', apiKey: 'ak_test', apiSecret: 'sk_test', domainId: 'dom_test' }, customer: { customerId: 'C_1', referenceId: 'new' } }).persist()`;
const flow = (referenceId: string) =>
  createKycFlow({
    client: {
      gatewayUrl: 'http://127.0.0.1:1/gateway',
      apiKey: 'ak_test',
      apiSecret: 'sk_test',
      domainId: 'dom_test',
    },
    customer: { customerId: 'C_1', referenceId },
  }).persist();

/** Prints what `body` threw: `name code message`, or `ok`. */
const reporting = (body: string) => `
try { ${body}; console.log('ok'); }
catch (error) { console.log([error.name, error.code, error.message].join(' ')); }`;

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-full-disk-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const temporaries = async () => (await readdir(directory)).filter((name) => name.endsWith('.tmp'));

describe.skipIf(!canFillDisk)('a CLI run on a full disk', () => {
  it('that cannot write its lock leaves none behind: the next run takes the state file at once', async () => {
    const state = join(directory, 'flow.json');
    const said = await runModule(
      `import { lockStateFile } from ${LOCK};
       ${reporting(`await lockStateFile(${JSON.stringify(state)})`)}`,
      { fullDisk: true },
    );
    expect(said).toMatch(/^UsageError .*cannot lock .*EFBIG/);
    expect(existsSync(`${state}.lock`)).toBe(false);
    const release = await lockStateFile(state);
    await release();
  });

  it('cannot write the embedded sandbox’s memory, and leaves no temporary file', async () => {
    const state = join(directory, 'flow.json');
    const said = await runModule(
      `import { openSandboxMemory } from ${MEMORY};
       const memory = openSandboxMemory(${JSON.stringify(state)});
       ${reporting(`memory.write({ version: 1, customers: [] })`)}`,
      { fullDisk: true },
    );
    expect(said).toMatch(/^Error EFBIG /);
    expect(await readdir(directory)).toEqual([]);
  });

  it('cannot save its state file: a typed error, no temporary file, the saved flow whole', async () => {
    const state = join(directory, 'flow.json');
    const opened = await openStateFile(state, 'embedded sandbox');
    await opened.store.save(opened.key, flow('old'));
    await opened.release();
    const said = await runModule(
      `import { createFileSnapshotStore } from ${STORE};
       import { createKycFlow } from ${MACHINE};
       const store = createFileSnapshotStore({ directory: ${JSON.stringify(directory)}, fileName: () => 'flow.json' });
       ${reporting(`await store.save(${JSON.stringify(opened.key)}, ${FLOW})`)}`,
      { fullDisk: true },
    );
    expect(said).toMatch(/^SnapshotStoreError SNAPSHOT_IO .*cannot be written \(EFBIG\)/);
    expect(await temporaries()).toEqual([]);
    const again = await openStateFile(state, 'embedded sandbox');
    await again.release();
    expect(again.saved).toBe(true);
  });
});

it('saves a flow where a killed run of the same pid (a container’s pid 1, restarted) left a temporary file', async () => {
  const said = await runModule(
    `import { writeFileSync } from 'node:fs';
     import { createFileSnapshotStore } from ${STORE};
     import { createKycFlow } from ${MACHINE};
     // What a run with this pid, killed halfway through its first save, left behind.
     writeFileSync(${JSON.stringify(join(directory, 'k.json'))} + '.' + process.pid + '.1.tmp', '{"half":');
     const store = createFileSnapshotStore({ directory: ${JSON.stringify(directory)} });
     ${reporting(`await store.save('k', ${FLOW})`)}`,
  );
  expect(said).toBe('ok');
});
