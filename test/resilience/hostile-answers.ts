import fc from 'fast-check';
import { anyText } from '../support/any-text.js';

/**
 * Hostile gateway answers as fast-check arbitraries: valid answers mutated (fields dropped,
 * wrong types, unknown statuses and node types, huge strings, broken JSON where an object
 * belongs), wrong envelopes, garbage bodies, odd HTTP statuses, and fetches that throw or
 * break mid-body. A fetch built from them (`hostileFetch`) serves one per request.
 */

/** Planted in hostile values: an error message that repeats a value would show it. */
export const MARKER = 'HOSTILE-7f3a@example.com';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

export type HostileReply =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly body: string;
      readonly retryAfter?: string;
    }
  /** fetch itself rejects (or throws) with this value. */
  | { readonly kind: 'throw'; readonly thrown: unknown }
  /** Headers arrive, then the body stream errors. */
  | { readonly kind: 'broken-body'; readonly status: number }
  /** Headers arrive, then the body never ends. */
  | { readonly kind: 'stalled-body' }
  /** fetch resolves to something that is not a Response. */
  | { readonly kind: 'not-a-response'; readonly value: unknown };

const hugeString = fc
  .integer({ min: 10_000, max: 300_000 })
  .chain((length) => fc.constantFrom('x', 'é', '\u0000', '"', '🙂').map((c) => c.repeat(length)));

/** Values that do not belong where a field is. */
const hostileValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  { weight: 2, arbitrary: anyText({ maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Json | undefined>(
      MARKER,
      'PAUSED',
      'waiting',
      'flow_action_unheard_of',
      'SUCCEEDED',
      'MAYBE',
      '',
      '{"broken": ',
      '{"decision":"APPROVED"}',
      '[1,2',
      'null',
      'NaN',
      -1,
      1e308,
      0.5,
      true,
      null,
      [],
      {},
      undefined,
    ),
  },
);

/** Every path into a JSON value, the root included. */
const pathsOf = (value: Json, prefix: Path = []): Path[] => {
  const here: Path[] = [prefix];
  if (Array.isArray(value)) {
    return here.concat(...value.map((item, index) => pathsOf(item, [...prefix, index])));
  }
  if (value !== null && typeof value === 'object') {
    return here.concat(
      ...Object.entries(value).map(([key, item]) => pathsOf(item, [...prefix, key])),
    );
  }
  return here;
};

type Mutation =
  | { readonly op: 'delete'; readonly path: Path }
  | { readonly op: 'replace'; readonly path: Path; readonly value: Json | undefined }
  /** The object travels as a JSON string (possibly cut short), as a careless gateway might. */
  | { readonly op: 'stringify'; readonly path: Path; readonly cut: number };

const getAt = (value: Json, path: Path): Json | undefined =>
  path.reduce<Json | undefined>(
    (node, key) =>
      node !== null && typeof node === 'object' ? (node as Record<string, Json>)[key] : undefined,
    value,
  );

const setAt = (value: Json, path: Path, next: Json | undefined): Json | undefined => {
  if (path.length === 0) return next;
  const [key, ...rest] = path as [string | number, ...Path];
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, Json> | Json[] = Array.isArray(value) ? [...value] : { ...value };
  const child = (copy as Record<string, Json>)[key];
  const updated = child === undefined ? next : setAt(child, rest, next);
  if (updated === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    (copy as Record<string, Json>)[key] = updated;
  }
  return copy;
};

const apply = (value: Json | undefined, mutation: Mutation): Json | undefined => {
  if (value === undefined) return value;
  switch (mutation.op) {
    case 'delete':
      return setAt(value, mutation.path, undefined);
    case 'replace':
      return setAt(value, mutation.path, mutation.value);
    case 'stringify': {
      const text = JSON.stringify(getAt(value, mutation.path) ?? null);
      return setAt(value, mutation.path, text.slice(0, Math.max(1, text.length - mutation.cut)));
    }
  }
};

/** A valid answer with one to three things wrong with it (or, rarely, none). */
export const mutatedData = (valid: Json): fc.Arbitrary<Json | undefined> => {
  const paths = pathsOf(valid);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }),
    fc.record({
      op: fc.constant('replace' as const),
      path: fc.constantFrom(...paths),
      value: hostileValue,
    }),
    fc.record({
      op: fc.constant('stringify' as const),
      path: fc.constantFrom(...paths),
      cut: fc.nat({ max: 3 }),
    }),
  );
  return fc
    .array(mutation, { minLength: 0, maxLength: 3 })
    .map((mutations) => mutations.reduce<Json | undefined>(apply, valid));
};

const apiCode = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Json | undefined>(200) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Json | undefined>(
      '200',
      ' 200 ',
      200.5,
      999000,
      999001,
      999301,
      999401,
      999402,
      410001,
      404001,
      429001,
      422001,
      0,
      -200,
      '',
      'OK',
      null,
      true,
      undefined,
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
);

const apiMsg = fc.oneof(
  fc.constant<Json | undefined>(undefined),
  fc.constantFrom<Json | undefined>('OK', '', MARKER, null, 42, { nested: true }),
  hugeString,
);

/** An envelope around `data`: lenient variants, nesting, and wrong codes and messages. */
const envelopeBody = (data: fc.Arbitrary<Json | undefined>): fc.Arbitrary<string> =>
  fc
    .record({
      apiCode,
      apiMsg,
      data,
      nested: fc.boolean(),
      extra: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }))),
    })
    .map(({ apiCode, apiMsg, data, nested, extra }) =>
      JSON.stringify({
        ...(extra ?? {}),
        ...(apiCode === undefined ? {} : { apiCode }),
        ...(apiMsg === undefined ? {} : { apiMsg }),
        ...(data === undefined ? {} : { data: nested ? { data } : data }),
      }),
    );

/** Bodies that are not an envelope at all. */
const garbageBody: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  anyText({ maxLength: 200 }),
  hugeString,
  fc.constantFrom(
    '',
    ' ',
    'null',
    '[]',
    '"OK"',
    '200',
    '{"apiCode":200,"data":',
    '{"apiCode":200,"apiMsg":"OK","data":{}}garbage',
    '\uFEFF{"apiCode":200,"data":{}}',
    '<html><body>502 Bad Gateway</body></html>',
    `{"apiCode":"${MARKER}"}`,
  ),
);

const status = fc.oneof(
  { weight: 8, arbitrary: fc.constant(200) },
  { weight: 2, arbitrary: fc.constantFrom(201, 204, 301, 400, 401, 404, 409, 429, 500, 502, 503) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

const retryAfter = fc.option(
  fc.oneof(
    fc.nat({ max: 5 }).map(String),
    fc.constantFrom('99999999999', '-1', 'soon', 'Wed, 21 Oct 2065 07:28:00 GMT', '1.5', ''),
  ),
  { nil: undefined },
);

const thrown = fc.oneof(
  fc.constant(new TypeError('fetch failed')),
  fc.constant(new DOMException('The operation was aborted.', 'AbortError')),
  fc.constant(new RangeError(MARKER)),
  fc.constantFrom<unknown>('a string', 42, null, undefined, { message: MARKER }),
);

/** One hostile reply to a call whose valid answer is `valid`. */
export const hostileReply = (valid: Json): fc.Arbitrary<HostileReply> =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant('answer' as const),
        status,
        body: fc.oneof(
          { weight: 4, arbitrary: envelopeBody(mutatedData(valid)) },
          { weight: 1, arbitrary: garbageBody },
        ),
        retryAfter,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('throw' as const), thrown }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('broken-body' as const), status }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'stalled-body' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('not-a-response' as const),
        value: fc.constantFrom<unknown>(null, {}, 'response', { status: 200, text: 1 }),
      }),
    },
  );

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** Serves one reply as fetch would; stalled bodies still end when the request aborts. */
export const serveReply = (reply: HostileReply, request: Request): Promise<Response> => {
  switch (reply.kind) {
    case 'answer':
      return Promise.resolve(
        new Response(NULL_BODY_STATUSES.has(reply.status) ? null : reply.body, {
          status: reply.status,
          headers: {
            'content-type': 'application/json',
            ...(reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter }),
          },
        }),
      );
    case 'throw':
      return Promise.reject(reply.thrown);
    case 'broken-body':
      return Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"apiCode":200,"da'));
              controller.error(new Error('connection reset'));
            },
          }),
          { status: reply.status },
        ),
      );
    case 'stalled-body':
      return Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              request.signal.addEventListener('abort', () =>
                controller.error(request.signal.reason),
              );
            },
          }),
          { status: 200 },
        ),
      );
    case 'not-a-response':
      return Promise.resolve(reply.value as Response);
  }
};

/** A fetch that answers the n-th request with the n-th reply (the last one repeats). */
export const hostileFetch = (replies: readonly HostileReply[]) => {
  let served = 0;
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const reply = replies[Math.min(served, replies.length - 1)];
    served += 1;
    if (!reply) return Promise.reject(new Error('no reply scripted'));
    return serveReply(reply, request);
  };
  return { fetch: fetch as typeof globalThis.fetch, served: () => served };
};
