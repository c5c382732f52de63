import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EMBEDDED_SANDBOX,
  gatewayOrigin,
  openStateFile,
} from '../../src/adapters/node/cli/state-file.js';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { answerAll } from '../machine/answers.js';
import { createFakeGateway } from '../machine/fake-gateway.js';

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true });
});

/** A flow past its OCR (the fake gateway reads `JANE DOE` off the document), persisted. */
async function flowPastOcr() {
  const fake = createFakeGateway({ nodes: ['identityDocument', 'particulars'] });
  const flow = createKycFlow({
    client: fake.client,
    customer: { email: 'jane@example.com', referenceId: 'ref-state' },
    polling: { timeScale: 1_000 },
  });
  answerAll(flow, {
    // Stops at the particulars: the run that saved it ended there.
    override: (event) =>
      event.type === 'nodeWaiting' && event.step === 'particulars' ? [] : undefined,
  });
  flow.start().send({ type: 'START' });
  for (let tries = 0; tries < 500 && flow.getView().step !== 'particulars'; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const persisted = flow.persist();
  flow.stop();
  return persisted;
}

describe('a state file', () => {
  it('gives the OCR result the saved flow holds, for a resumed run to keep out of its output', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-state-'));
    directories.push(directory);
    const path = join(directory, 'flow.json');
    const fresh = await openStateFile(path, EMBEDDED_SANDBOX);
    expect(fresh.ocrResult).toBeUndefined();
    await fresh.store.save(fresh.key, await flowPastOcr());
    await fresh.release();

    const resumed = await openStateFile(path, EMBEDDED_SANDBOX);
    expect(resumed.saved).toBe(true);
    expect(resumed.ocrResult).toMatchObject({ name: 'JANE DOE' });
    await resumed.release();
  });

  it('records the origin of the gateway it runs against, never its credentials, path or query', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kyc-state-'));
    directories.push(directory);
    const path = join(directory, 'flow.json');
    const origin = gatewayOrigin('https://user:pw@Gateway.Example:8443/gateway?apiKey=ak_1#x');
    expect(origin).toBe('https://gateway.example:8443');
    const fresh = await openStateFile(path, origin);
    expect(fresh.savedGateway).toBeUndefined();
    await fresh.store.save(fresh.key, await flowPastOcr());
    await fresh.release();
    expect(JSON.parse(await readFile(path, 'utf8')).persisted.gateway).toBe(origin);

    const resumed = await openStateFile(path, 'http://127.0.0.1:8787');
    expect(resumed.savedGateway).toBe(origin);
    await resumed.release();
  });
});
