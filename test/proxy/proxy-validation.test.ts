import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MethodInput,
  NODE_TYPES,
  TransportError,
  ValidationError,
} from '../../src/services/index.js';
import { zodWireCodec } from '../../src/services/zod-codec.js';
import { leaksIn, type ProxyHarness, pollUntil, startProxyHarness } from './harness.js';
import { SAMPLES } from './samples.js';

/** How the test gateway's next answers are spoiled: per api (`storage.upload` for files). */
const tampering = new Map<string, (data: Record<string, unknown>) => unknown>();

/** The sandbox behind the proxy, with answers rewritten where `tampering` says so. */
const tamperingFetch: typeof globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const api = url.pathname.endsWith('/storage') ? 'storage.upload' : url.searchParams.get('api');
  const answer = await fetch(request);
  const tamper = api === null ? undefined : tampering.get(api);
  if (!tamper) return answer;
  const envelope = (await answer.json()) as { data: Record<string, unknown> };
  return new Response(JSON.stringify({ ...envelope, data: tamper(envelope.data) }), {
    status: answer.status,
    headers: { 'content-type': 'application/json' },
  });
};

const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('the proxy validates both directions', () => {
  let harness: ProxyHarness;
  let executionId: string;
  let particulars: Omit<MethodInput<'workflow.kyc.particular.data'>, 'personData'>;
  const callsTo = (method: string) => harness.sandbox.stats().calls[method] ?? 0;

  beforeAll(async () => {
    harness = await startProxyHarness({ proxy: { fetch: tamperingFetch } });
    const client = harness.client('alice');
    const { customerId = 'C_valid+minimal' } = await client.register({
      customerId: 'C_valid+minimal',
    });
    ({ executionId } = await client.startWorkflow({
      eventType: 'KYC_EVENT',
      source: 'WEB',
      data: { customerId, referenceId: 'ref-valid' },
    }));
    const state = await pollUntil(client, executionId, (s) => s.status === 'WAITING');
    expect(state.currentNode?.nodeType).toBe(NODE_TYPES.particulars);
    particulars = {
      executionId,
      callbackKey: state.currentNode?.callbackKey ?? '',
      referenceId: 'ref-valid',
    };
  });
  afterAll(() => harness.close());

  it('answers a request that breaks the contract with its issues as data: fields and expectations, no values', async () => {
    const before = callsTo('workflow.kyc.particular.data');
    const { status, envelope } = await harness.post(
      'workflow.kyc.particular.data',
      JSON.stringify({
        ...particulars,
        personData: JSON.stringify({ name: 'Alice Secretname', dateOfBirth: '15/01/1990' }),
      }),
      { caller: 'alice' },
    );
    expect(status).toBe(400);
    expect(envelope).toEqual({
      apiCode: 999301,
      apiMsg: expect.stringMatching(/^PROXY_INVALID_BODY/),
      data: null,
      validation: {
        direction: 'request',
        issues: [
          { field: 'personData.dateOfBirth', message: 'expected a date as YYYY-MM-DD' },
          { field: 'personData.nationality', message: 'expected string' },
        ],
      },
    });
    expect(JSON.stringify(envelope)).not.toMatch(/Secretname|15\/01/);
    expect(callsTo('workflow.kyc.particular.data')).toBe(before);
  });

  it.each([
    ['only spaces', { name: '   ' }, 'personData.name'],
    ['a zero-width space', { name: '\u200b' }, 'personData.name'],
    ['a birth date in the future', { dateOfBirth: '2999-12-31' }, 'personData.dateOfBirth'],
    ['a day no calendar has', { dateOfBirth: '1990-02-30' }, 'personData.dateOfBirth'],
  ])(
    'refuses particulars with %s as a ValidationError naming the field; nothing is sent',
    async (_, change, field) => {
      const before = callsTo('workflow.kyc.particular.data');
      const personData = { name: 'Alice', dateOfBirth: '1990-01-15', nationality: 'SG', ...change };
      const refused = await rejectionOf(
        harness.client('alice').submitParticulars({ ...particulars, personData }),
      );
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).field).toBe(field);
      expect(callsTo('workflow.kyc.particular.data')).toBe(before);
    },
  );

  it("gives the browser's client the ValidationError a server-side client raises before sending, and sends nothing upstream", async () => {
    const before = callsTo('workflow.kyc.particular.data');
    const input = {
      ...particulars,
      personData: { name: 'Alice', dateOfBirth: '1990-01-15', nationality: 'Singapore' },
    };
    const inBrowser = await rejectionOf(harness.client('alice').submitParticulars(input));
    const onServer = (() => {
      try {
        zodWireCodec.encodeRequest('workflow.kyc.particular.data', input);
      } catch (error) {
        return error;
      }
    })();

    expect(inBrowser).toBeInstanceOf(ValidationError);
    expect(onServer).toBeInstanceOf(ValidationError);
    const { method, direction, issues, field, retryable } = inBrowser as ValidationError;
    expect({ method, direction, field, retryable }).toEqual({
      method: 'workflow.kyc.particular.data',
      direction: 'request',
      field: 'personData.nationality',
      retryable: false,
    });
    expect(issues).toEqual((onServer as ValidationError).issues);
    expect(callsTo('workflow.kyc.particular.data')).toBe(before);
    expect(harness.events.at(-1)).toMatchObject({
      refusal: 'invalidBody',
      callerId: 'user-alice',
      detail: { direction: 'request', issues },
    });
  });

  it("refuses a gateway answer the contract does not allow: a ValidationError for the page, the detail for the host's log", async () => {
    const client = harness.client('alice');
    // A status the guide does not list is read on; one that is no word at all is refused.
    tampering.set('workflow.execution.status', (data) => ({ ...data, status: ['PAUSED'] }));
    try {
      const error = await rejectionOf(client.getExecution({ executionId }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({
        method: 'workflow.execution.status',
        direction: 'response',
        field: 'status',
      });
      expect(harness.events.at(-1)).toMatchObject({
        refusal: 'invalidAnswer',
        api: 'workflow.execution.status',
        callerId: 'user-alice',
        detail: { direction: 'response', issues: [{ field: 'status' }] },
      });

      // Other HTTP clients see a 502 that says why, and the same report.
      const raw = await harness.post('workflow.execution.status', JSON.stringify({ executionId }), {
        caller: 'alice',
      });
      expect(raw.status).toBe(502);
      expect(raw.envelope).toMatchObject({
        apiCode: 999000,
        apiMsg: expect.stringMatching(/^PROXY_INVALID_ANSWER.*status/),
        data: null,
        validation: { direction: 'response', issues: [{ field: 'status' }] },
      });
      expect(JSON.stringify(raw.envelope)).not.toContain('PAUSED');
    } finally {
      tampering.clear();
    }
    expect(await client.getExecution({ executionId })).toMatchObject({ status: 'WAITING' });
  });

  it('does not bind an execution whose start answer it refused', async () => {
    const client = harness.client('alice');
    await client.register({ customerId: 'C_refused_start+minimal' });
    // Without a status the start is read as CREATED; without an executionId it is no start.
    tampering.set('workflow.apply.submit', ({ status }) => ({ status }));
    let started: string | undefined;
    try {
      const error = await rejectionOf(
        client.startWorkflow({
          eventType: 'KYC_EVENT',
          source: 'WEB',
          data: { customerId: 'C_refused_start+minimal', referenceId: 'ref-refused' },
        }),
      );
      expect(error).toMatchObject({ direction: 'response', field: 'executionId' });
      started = harness.sandbox
        .stats()
        .executions.find((e) => e.customerId === 'C_refused_start+minimal')?.executionId;
    } finally {
      tampering.clear();
    }
    expect(started).toBeDefined();
    const polled = await rejectionOf(client.getExecution({ executionId: started ?? '' }));
    expect(polled).toMatchObject({ apiMsg: expect.stringMatching(/^PROXY_FOREIGN_EXECUTION/) });
  });

  it("refuses a storage answer with no url, so a file reference never reaches the page's chart empty", async () => {
    tampering.set('storage.upload', () => ({ stored: true }));
    try {
      const error = await rejectionOf(
        harness
          .client('alice')
          .upload({ file: new Blob([SAMPLES.jpeg]), filename: 'selfie.jpg', executionId }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({
        method: 'storage.upload',
        direction: 'response',
        field: 'url',
      });
      expect(error).not.toBeInstanceOf(TransportError);
    } finally {
      tampering.clear();
    }
  });

  it('answered nothing secret', () => {
    expect(leaksIn(harness.answers, harness.sandbox)).toEqual([]);
  });
});
