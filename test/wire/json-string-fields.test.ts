import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { plainWireCodec } from '../../src/services/plain-codec.js';
import {
  JSON_STRING_FIELDS,
  METHOD_NAMES,
  type MethodInput,
  type MethodName,
  methods,
} from '../../src/services/wire/index.js';
import { zodWireCodec } from '../../src/services/zod-codec.js';
import { VALID_INPUTS } from '../resilience/wire-samples.js';

/** The request fields a method's schema declares as `jsonString` codecs, optional or not. */
const codecFieldsOf = (method: MethodName): string[] => {
  const request: z.core.$ZodType = methods[method].request;
  if (!(request instanceof z.core.$ZodObject)) throw new Error(`${method}: not an object schema`);
  return Object.entries(request._zod.def.shape)
    .filter(([, field]) => {
      const inner =
        field instanceof z.core.$ZodOptional
          ? (field._zod.def.innerType as z.core.$ZodType)
          : field;
      return inner instanceof z.core.$ZodCodec;
    })
    .map(([name]) => name);
};

const listedFor = (method: MethodName): readonly string[] =>
  (JSON_STRING_FIELDS as Partial<Record<MethodName, readonly string[]>>)[method] ?? [];

/** Every method's valid sample, plus the optional JSON string field the samples leave out. */
const samples: Array<[MethodName, unknown]> = [
  ...METHOD_NAMES.map((method): [MethodName, unknown] => [method, VALID_INPUTS[method]]),
  [
    'workflow.kyc.required.doc',
    {
      ...VALID_INPUTS['workflow.kyc.required.doc'],
      extraData: { issuer: 'SP Group', months: [1, 2, 3] },
    } satisfies MethodInput<'workflow.kyc.required.doc'>,
  ],
];

describe('the JSON string fields, listed once for clients that carry no schema', () => {
  it('are exactly the fields the schemas encode as JSON strings, method by method', () => {
    const fromSchemas = Object.fromEntries(
      METHOD_NAMES.map((method) => [method, codecFieldsOf(method)]),
    );
    const fromList = Object.fromEntries(
      METHOD_NAMES.map((method) => [method, [...listedFor(method)]]),
    );
    expect(fromList).toEqual(fromSchemas);
    // The walk itself finds something: the vendor names six such fields.
    expect(Object.values(fromSchemas).flat().sort()).toEqual(
      ['doc', 'extraData', 'formData', 'images', 'personData', 'scores'].sort(),
    );
  });

  it.each(samples)(
    '%s: the plain body is one the schemas accept and read back as the input',
    (method, input) => {
      const typed = input as MethodInput<typeof method>;
      const plain = JSON.parse(plainWireCodec.encodeRequest(method, typed));
      const checked = JSON.parse(zodWireCodec.encodeRequest(method, typed));
      expect(plain).toEqual(checked);
      const schema: z.core.$ZodType = methods[method].request;
      expect(z.decode(schema, plain)).toEqual(input);
    },
  );
});
