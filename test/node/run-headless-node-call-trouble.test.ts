import { expect, it } from 'vitest';
import { createMemorySnapshotStore } from '../../src/adapters/node/memory-snapshot-store.js';
import type { Responder } from '../../src/adapters/node/responder.js';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { runHeadless } from '../../src/adapters/node/run-headless.js';
import { SnapshotStoreError } from '../../src/adapters/node/snapshot-store-error.js';
import { createKycFlow } from '../../src/machine/create-kyc-flow.js';
import { CONTRACT_READS } from '../../src/machine/guards.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { TransportError } from '../../src/services/errors/transport-error.js';
import { ValidationError } from '../../src/services/errors/validation-error.js';
import { SAMPLE } from '../machine/answers.js';
import { createFakeGateway } from '../machine/fake-gateway.js';

const OCR_READ = 'workflow.kyc.ocr.data';

/** The identity document's answer, at once. */
const responder: Responder = { respond: () => [SAMPLE.identityDocument] };

// A gateway that keeps the identity node waiting until its OCR result is read, and answers
// that read with nothing anyone can read, every time. Between two reads the flow reads the
// execution's status, and that read answers well: the trouble is the OCR read's all the
// same. The run read it for ever, every couple of seconds (each good status read ended the
// trouble); the chart now counts the read's unreadable answers across those good status
// reads, and the third in a row stops the run for attention, saved.
it(`stops a run whose OCR result never reads after ${CONTRACT_READS} reads, the flow saved`, async () => {
  const fake = createFakeGateway({ nodes: ['identityDocument', 'particulars'] });
  const garbled = new ValidationError(OCR_READ, 'response', [{ field: '', message: 'x' }], true);
  fake.failNext(OCR_READ, garbled, 1_000_000);
  const store = createMemorySnapshotStore();
  const result = await runHeadless({
    client: fake.client,
    customer: { customerId: 'C_ocr_never', email: 'ocr-never@example.com' },
    polling: { timeScale: 1_000 },
    responder,
    store,
    key: 'ocr-never',
  });
  expect(result).toMatchObject({
    status: 'needsAttention',
    error: { code: 'CONTRACT_BROKEN', method: OCR_READ },
  });
  expect(fake.calls[OCR_READ]).toBe(CONTRACT_READS);
  expect(fake.calls['workflow.execution.status'] ?? 0).toBeGreaterThanOrEqual(CONTRACT_READS);
  expect(await store.load('ocr-never')).toBeDefined();
}, 20_000);

// The same read failing in transit for ever (a route to the OCR service down): passing
// trouble each time, so the run waits, suspended, until it has waited too long, then ends
// `suspended`, saved, and reads no more.
it('stops a run whose OCR read fails in transit once suspended too long, the flow saved', async () => {
  const fake = createFakeGateway({ nodes: ['identityDocument', 'particulars'] });
  fake.failNext(OCR_READ, new TransportError(OCR_READ, 'network'), 1_000_000);
  const store = createMemorySnapshotStore();
  const result = await runHeadless({
    client: fake.client,
    customer: { customerId: 'C_ocr_cut', email: 'ocr-cut@example.com' },
    polling: { timeScale: 1_000 },
    responder,
    store,
    key: 'ocr-cut',
    maxSuspendedMs: 500,
  });
  expect(result).toMatchObject({
    status: 'suspended',
    error: { code: 'TRANSPORT_ERROR', message: `${OCR_READ} failed: network` },
  });
  const reads = fake.calls[OCR_READ] ?? 0;
  expect(reads).toBeGreaterThan(CONTRACT_READS);
  await new Promise((done) => setTimeout(done, 300));
  expect(fake.calls[OCR_READ]).toBe(reads);
  expect(await store.load('ocr-cut')).toBeDefined();
}, 20_000);

// A gateway that refuses the answer itself (999301, invalid request) while the node still
// waits: sent again it would be refused again. The responder gives the same answer, so the
// run gives up at once, naming the refusal, where it sent it eight times in 40 ms.
it('gives up on a node whose refused answer the responder would send again, after one send', async () => {
  const fake = createFakeGateway({ nodes: ['particulars'] });
  const particulars: Responder = { respond: () => [SAMPLE.particulars] };
  fake.failNext(
    'workflow.kyc.particular.data',
    new GatewayError('workflow.kyc.particular.data', 999301, 'invalid request'),
    1_000_000,
  );
  const failure = await runHeadless({
    client: fake.client,
    customer: { customerId: 'C_refused', email: 'refused@example.com' },
    polling: { timeScale: 1_000 },
    responder: particulars,
  }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ResponderError);
  expect(String((failure as Error).message)).toContain('refused the answer');
  expect(fake.calls['workflow.kyc.particular.data']).toBe(1);
}, 20_000);

// A store that cannot be written (a full disk, a read-only directory): the run stops before
// it registers or starts anyone, where it began an execution it could not save, which the
// next run (with nothing saved) began again.
it('sends nothing when its first save fails: the store error, no registration, no start', async () => {
  const fake = createFakeGateway({ nodes: ['particulars'] });
  const full = new SnapshotStoreError(
    'SNAPSHOT_IO',
    'full',
    '/full/flow.json',
    'cannot be written',
  );
  const store = { ...createMemorySnapshotStore(), save: () => Promise.reject(full) };
  const failure = await runHeadless({
    client: fake.client,
    customer: { customerId: 'C_full', email: 'full@example.com' },
    polling: { timeScale: 1_000 },
    responder,
    store,
    key: 'full',
  }).catch((error: unknown) => error);
  expect(failure).toBe(full);
  expect(fake.registrations).toBe(0);
  expect(fake.starts).toBe(0);
  expect(fake.calls).toEqual({});
}, 20_000);

// Killed right after that first save: the next run begins the saved flow, with its
// referenceId, where it took it for a flow under way and waited for ever.
it('begins a flow saved before its start, with the referenceId it was saved with', async () => {
  const fake = createFakeGateway({ nodes: ['particulars'] });
  const customer = { customerId: 'C_saved_idle', email: 'saved-idle@example.com' };
  const store = createMemorySnapshotStore();
  const saved = createKycFlow({
    client: fake.client,
    customer: { ...customer, referenceId: 'ref-idle' },
  });
  await store.save('idle', saved.persist());
  const result = await runHeadless({
    client: fake.client,
    customer,
    polling: { timeScale: 1_000 },
    responder: { respond: () => [SAMPLE.particulars] },
    store,
    key: 'idle',
  });
  expect(result).toMatchObject({ status: 'completed', decision: 'APPROVED' });
  expect(fake.registrations).toBe(1);
  expect(fake.starts).toBe(1);
  // The fake gateway names an execution after the referenceId it was started with.
  expect(result).toMatchObject({ executionId: 'exec-ref-idle' });
}, 20_000);
