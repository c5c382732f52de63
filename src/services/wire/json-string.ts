import * as z from 'zod/mini';

/**
 * A field the vendor documents as a "JSON string field": typed on our side, a JSON-encoded
 * string on the wire. Decoding bad JSON becomes a validation issue instead of a thrown
 * SyntaxError (a throwing transform would escape `safeParse`).
 */
export const jsonString = <T extends z.core.$ZodType>(schema: T) =>
  z.codec(z.string(), schema, {
    decode: (text, ctx) => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.issues.push({
          code: 'invalid_format',
          format: 'json',
          input: text,
          message: 'expected a JSON-encoded string',
        });
        return z.NEVER;
      }
    },
    encode: (value) => JSON.stringify(value),
  });
