import * as z from 'zod/mini';
import { readData } from './envelope.js';
import { ValidationError } from './errors/index.js';
import { toValidationIssues } from './issues.js';
import { METHOD_FUNCTIONS, type MethodFunctionName } from './method-functions.js';
import { createTransport } from './transport.js';
import type {
  CallOptions,
  GatewayClient,
  GatewayClientOptions,
  HttpSend,
  MethodFunction,
  Signer,
} from './types.js';
import { createStorageUploader, storageUrlFor } from './upload.js';
import { type MethodInput, type MethodName, type MethodOutput, methods } from './wire/methods.js';

export const API_VERSION = '1.0.0';

/** Relative gateway URLs (a same-origin proxy) resolve against the page in a browser. */
const toUrl = (url: string): URL =>
  new URL(url, typeof location === 'undefined' ? undefined : location.href);

/**
 * Validates and encodes the host's typed input into the wire form (JSON string fields
 * become strings) before anything is sent.
 */
const encodeRequest = <M extends MethodName>(method: M, input: MethodInput<M>): string => {
  // Untyped callers can name any method; the gateway would answer 999302 after a round trip.
  if (!Object.hasOwn(methods, method)) {
    throw new ValidationError(method, 'request', [
      { field: 'api', message: 'not a method of the gateway contract' },
    ]);
  }
  const schema: z.core.$ZodType = methods[method].request;
  const result = z.safeEncode(schema, input);
  if (!result.success) {
    throw new ValidationError(method, 'request', toValidationIssues(result.error.issues));
  }
  return JSON.stringify(result.data);
};

/**
 * The gateway client over one way of sending a request (`send`): see `createGatewayClient`
 * (ky) and its browser twin in `fetch-client.ts` (`fetch` as it is). `hmac` signs with
 * `apiSecret`; passed in so that a client that never holds a secret (the browser's proxy
 * client) does not carry the signer.
 */
export const buildGatewayClient = (
  options: GatewayClientOptions,
  send: HttpSend,
  hmac?: (secret: string) => Signer,
): GatewayClient => {
  const { apiKey, domainId, apiSecret } = options;
  const signer = options.sign ?? (apiSecret && hmac ? hmac(apiSecret) : undefined);
  if (!signer && !options.fetch) {
    throw new TypeError(
      'createGatewayClient needs apiSecret or sign, or a fetch to a proxy that signs',
    );
  }
  const gatewayUrl = toUrl(options.gatewayUrl);
  const transport = createTransport(options, send);
  const headers = Object.freeze({ 'content-type': 'application/json', 'x-domain': domainId });

  const call = async <M extends MethodName>(
    method: M,
    input: MethodInput<M>,
    callOptions?: CallOptions,
  ): Promise<MethodOutput<M>> => {
    const body = encodeRequest(method, input);
    const url = new URL(gatewayUrl);
    url.searchParams.set('api', method);
    url.searchParams.set('apiVersion', API_VERSION);
    url.searchParams.set('apiKey', apiKey);
    if (signer) url.searchParams.set('sign', await signer(body));
    const data = await transport(method, { url: url.toString(), body, headers }, callOptions);
    return readData(method, methods[method].response, data) as MethodOutput<M>;
  };

  const speak = <M extends MethodName>(method: M): MethodFunction<M> => {
    return (input, callOptions) => call(method, input, callOptions);
  };
  // The table is checked against `GatewayClient` at compile time (method-functions.ts).
  const functions = Object.fromEntries(
    Object.entries(METHOD_FUNCTIONS).map(([name, method]) => [name, speak(method)]),
  ) as { [K in MethodFunctionName]: MethodFunction<(typeof METHOD_FUNCTIONS)[K]> };

  const storageUrl = options.storageUrl ?? storageUrlFor(gatewayUrl);
  const upload =
    options.upload ??
    (storageUrl
      ? createStorageUploader({ storageUrl, apiKey, domainId, transport })
      : () =>
          Promise.reject(
            new TypeError('upload needs storageUrl: the gateway URL does not end in /gateway'),
          ));

  return Object.freeze({ call, ...functions, upload });
};
