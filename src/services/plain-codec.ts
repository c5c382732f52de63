import type { WireCodec } from './types.js';
import { JSON_STRING_FIELDS } from './wire/json-string-fields.js';
import { readAnswer } from './wire/read-answer.js';

const fieldsOf = (method: string): readonly string[] =>
  Object.hasOwn(JSON_STRING_FIELDS, method)
    ? JSON_STRING_FIELDS[method as keyof typeof JSON_STRING_FIELDS]
    : [];

/**
 * The wire handled without schemas, for a client that talks only to `createGatewayProxy`:
 * the proxy validates the request (and relays its issues as a `ValidationError`) and
 * checks the gateway's answer against the same tolerant schemas before relaying it, so this
 * side only encodes the JSON string fields and applies the reader's fallbacks (the same
 * functions as the server's codec, without a schema).
 */
export const plainWireCodec: WireCodec = {
  encodeRequest(method, input) {
    const wire: Record<string, unknown> = { ...input };
    for (const field of fieldsOf(method)) {
      if (wire[field] !== undefined) wire[field] = JSON.stringify(wire[field]);
    }
    return JSON.stringify(wire);
  },
  // Checked by the proxy against the method's response schema before it was relayed.
  readResponse: readAnswer,
};
