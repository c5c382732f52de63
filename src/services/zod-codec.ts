import * as z from 'zod/mini';
import { failedWrapper, readData } from './envelope.js';
import { GatewayError, ValidationError } from './errors/index.js';
import { ISSUE_WORDING, toValidationIssues } from './issues.js';
import type { WireCodec } from './types.js';
import { decodeAnswer } from './wire/encoded-answers.js';
import { type MethodOutput, methods } from './wire/methods.js';
import { misroutedAnswer } from './wire/misrouted.js';
import { readAnswer } from './wire/read-answer.js';

/**
 * The wire handled with the contract's schemas: the host's input is validated and its
 * JSON string fields encoded before anything is sent; every answer is read tolerantly (its
 * schema requires only what the flow uses), then given the reader's fallbacks (encoded parts decoded before the schema reads them).
 */
export const zodWireCodec: WireCodec = {
  encodeRequest(method, input) {
    // Untyped callers can name any method; the gateway would answer 999302 after a round trip.
    if (!Object.hasOwn(methods, method)) {
      throw new ValidationError(method, 'request', [
        { field: 'api', message: 'not a method of the gateway contract' },
      ]);
    }
    const schema: z.core.$ZodType = methods[method].request;
    const result = z.safeEncode(schema, input, ISSUE_WORDING);
    if (!result.success) {
      throw new ValidationError(method, 'request', toValidationIssues(result.error.issues));
    }
    return JSON.stringify(result.data);
  },
  readResponse: (method, data, input) => {
    const failed = failedWrapper(data);
    if (failed) throw new GatewayError(method, failed.apiCode, failed.apiMsg);
    const decoded = decodeAnswer(method, data);
    const misrouted = misroutedAnswer(method, input, decoded);
    if (misrouted) throw new ValidationError(method, 'response', [misrouted]);
    return readAnswer(method, readData(method, methods[method].response, decoded)) as MethodOutput<
      typeof method
    >;
  },
};
