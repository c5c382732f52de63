import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import {
  createGatewayClient,
  GatewayError,
  METHOD_NAMES,
  type MethodName,
  methods,
  TransportError,
  ValidationError,
} from '../../src/services/index.js';
import { type HostileReply, hostileFetch, hostileReply, MARKER } from './hostile-answers.js';
import { VALID_ANSWERS, VALID_INPUTS } from './wire-samples.js';

const clientOver = (replies: readonly HostileReply[]) => {
  const fake = hostileFetch(replies);
  const client = createGatewayClient({
    gatewayUrl: 'https://gateway.invalid/gateway',
    apiKey: 'ak_fuzz',
    apiSecret: 'sk_fuzz',
    domainId: 'dom_fuzz',
    fetch: fake.fetch,
    // The default back-off and timeout, on the fake clock: a retry meets the next reply.
    retry: { limit: 2 },
  });
  return { client, served: fake.served };
};

const isTyped = (error: unknown) =>
  error instanceof GatewayError ||
  error instanceof TransportError ||
  error instanceof ValidationError;

/**
 * What the call settled with: the value, or the error (never let through untyped). The
 * fake clock runs until the call has nothing left to wait for (back-off, a stalled body):
 * timer by timer, each after a real `setImmediate` has let every promise callback run (a
 * real timer per step, as `runAllTimersAsync` takes, would cost each run milliseconds).
 */
type Settled = { ok: true; value: unknown; error?: never } | { ok: false; error: unknown };
const settle = async (work: () => Promise<unknown>): Promise<Settled> => {
  let settled = false;
  const call = work().then(
    (value): Settled => ({ ok: true, value }),
    (error: unknown): Settled => ({ ok: false, error }),
  );
  void call.then(() => {
    settled = true;
  });
  for (let step = 0; ; step += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    if (settled && vi.getTimerCount() === 0) return call;
    if (vi.getTimerCount() === 0 || step > 1_000) {
      throw new Error(`the call waits for nothing the clock can bring (${step} timers fired)`);
    }
    vi.advanceTimersToNextTimer();
  }
};

const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error);

const replies = (method: MethodName) =>
  fc.array(hostileReply(VALID_ANSWERS[method] as never), { minLength: 1, maxLength: 4 });

const methodAndReplies = fc
  .constantFrom(...METHOD_NAMES)
  .chain((method) => fc.tuple(fc.constant(method), replies(method)));

describe('the gateway client against hostile answers', () => {
  beforeEach(() => {
    // setImmediate stays real: `settle` lets promise callbacks run with it.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers data that satisfies the contract, or raises one of its typed errors', async () => {
    await fc.assert(
      fc.asyncProperty(methodAndReplies, async ([method, script]) => {
        const { client, served } = clientOver(script);
        const result = await settle(() => client.call(method, VALID_INPUTS[method] as never));
        if (result.ok) {
          // What passes must be what the contract says, however lenient the envelope.
          expect(z.safeParse(methods[method].response, result.value).success).toBe(true);
        } else {
          expect(isTyped(result.error), describeError(result.error)).toBe(true);
          if (result.error instanceof ValidationError) {
            expect(result.error.direction).toBe('response');
            // Field names and expectations only: never a value from the answer.
            expect(result.error.message).not.toContain(MARKER);
          }
        }
        expect(served()).toBeLessThanOrEqual(3);
      }),
      { numRuns: 400 },
    );
  });

  it('never retries an answer that is not transient', async () => {
    await fc.assert(
      fc.asyncProperty(methodAndReplies, async ([method, script]) => {
        const { client, served } = clientOver(script);
        const result = await settle(() => client.call(method, VALID_INPUTS[method] as never));
        if (!result.ok && isTyped(result.error) && served() > 1) {
          // Only a transient failure earns another attempt; the last one may be anything.
          const first = await settle(() =>
            clientOver(script.slice(0, 1)).client.call(method, VALID_INPUTS[method] as never, {
              retry: { limit: 0 },
            }),
          );
          expect(first.ok).toBe(false);
          expect((first.error as { retryable?: boolean }).retryable).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('uploads answer a URL, or raise a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileReply({ url: 's3://workflow-kyc/exec-fuzz-1/front.jpg' }), {
          minLength: 1,
          maxLength: 3,
        }),
        async (script) => {
          const { client } = clientOver(script);
          const result = await settle(() =>
            client.upload({
              file: new Blob(['front']),
              filename: 'front.jpg',
              executionId: 'exec-fuzz-1',
            }),
          );
          if (result.ok) {
            expect(result.value).toMatchObject({ url: expect.any(String) });
            expect((result.value as { url: string }).url.length).toBeGreaterThan(0);
          } else {
            expect(isTyped(result.error), describeError(result.error)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads unknown statuses and node types as data the chart routes, and a status that is no word as invalid', async () => {
    const status = (body: object) =>
      clientOver([
        { kind: 'answer', status: 200, body: JSON.stringify({ apiCode: 200, data: body }) },
      ]).client.getExecution({ executionId: 'exec-fuzz-1' });
    await expect(status({ executionId: 'exec-fuzz-1', status: 'paused' })).resolves.toMatchObject({
      status: 'PAUSED',
    });
    // A number is its digits (an unlisted status, bounded by the chart); an object is no word.
    await expect(status({ executionId: 'exec-fuzz-1', status: 7 })).resolves.toMatchObject({
      status: '7',
    });
    await expect(status({ executionId: 'exec-fuzz-1', status: { word: 7 } })).rejects.toMatchObject(
      {
        name: 'ValidationError',
        field: 'status',
      },
    );
    await expect(
      status({
        executionId: 'exec-fuzz-1',
        status: 'WAITING',
        currentNode: { nodeId: 'n', nodeType: 'flow_action_unheard_of', callbackKey: 'k' },
      }),
    ).resolves.toMatchObject({ currentNode: { nodeType: 'flow_action_unheard_of' } });
  });
});
