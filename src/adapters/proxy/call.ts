import * as z from 'zod/mini';
import { toValidationIssues } from '../../services/issues.js';
import { type MethodName, methods } from '../../services/wire/methods.js';
import { type CallScope, type ProxyContext, refuse } from './context.js';
import { hasDuplicateKeys } from './duplicate-keys.js';
import { exchange } from './exchange.js';
import { mediaTypeOf } from './media-type.js';
import { admit, bindAnswer, subjectOf } from './ownership.js';
import { readLimitedBody } from './read-body.js';
import type { ProxyCaller } from './types.js';

type BodyReading = { readonly text: string; readonly body: unknown } | { readonly shown: string };

/** The body as text and as JSON, or why it is not a request we accept. */
const readJson = (bytes: Uint8Array, method: MethodName): BodyReading => {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { shown: 'not UTF-8' };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { shown: 'not JSON' };
  }
  if (hasDuplicateKeys(text)) return { shown: 'a key is repeated' };
  const schema: z.core.$ZodType = methods[method].request;
  const result = z.safeDecode(schema, body);
  if (!result.success) {
    // Field names and expectations only: values may be a customer's personal data.
    const issues = toValidationIssues(result.error.issues);
    return {
      shown: issues.map((issue) => `${issue.field || '(root)'}: ${issue.message}`).join('; '),
    };
  }
  return { text, body };
};

/**
 * `POST {proxyUrl}?api={method}` with the plain JSON body: checked, bound to the caller,
 * signed as received (the bytes signed are the bytes forwarded) and relayed.
 */
export const handleCall = async (
  context: ProxyContext,
  request: Request,
  method: MethodName,
  caller: ProxyCaller,
): Promise<Response> => {
  const scope: CallScope = { api: method, callerId: caller.callerId };
  if (mediaTypeOf(request) !== 'application/json') {
    return refuse(context, scope, 'unsupportedMediaType');
  }
  const bytes = await readLimitedBody(request, context.maxBodyBytes);
  if (bytes === undefined) return refuse(context, scope, 'bodyTooLarge');
  const reading = readJson(bytes, method);
  if ('shown' in reading) return refuse(context, scope, 'invalidBody', { shown: reading.shown });

  const subject = subjectOf(method, reading.body);
  const refusal = await admit(context.bindings, caller, subject);
  if (refusal) return refuse(context, scope, refusal);

  const url = new URL(context.gatewayUrl);
  url.searchParams.set('api', method);
  url.searchParams.set('apiVersion', context.apiVersion);
  url.searchParams.set('apiKey', context.apiKey);
  url.searchParams.set('sign', await context.sign(reading.text));
  const relayed = await exchange(context.upstream, url.toString(), {
    headers: { 'content-type': 'application/json', 'x-domain': context.domainId },
    body: reading.text,
  });
  if (!relayed.ok) {
    if (relayed.refusal)
      context.report({ refusal: relayed.refusal, ...scope, detail: relayed.detail });
    return relayed.response;
  }
  const late = await bindAnswer(context.bindings, caller, subject, relayed.data);
  return late ? refuse(context, scope, late) : relayed.response;
};
