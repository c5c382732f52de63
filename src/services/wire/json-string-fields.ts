import type { MethodInput, MethodName, MethodWire } from './methods.js';

/**
 * Request fields of a method that travel as JSON-encoded strings (typed objects on our
 * side, strings on the wire): those whose wire form is a string and whose typed form is not.
 */
export type JsonStringField<M extends MethodName> = {
  [K in keyof MethodWire<M> & keyof MethodInput<M>]-?: MethodWire<M>[K] extends string | undefined
    ? MethodInput<M>[K] extends string | undefined
      ? never
      : K
    : never;
}[keyof MethodWire<M> & keyof MethodInput<M>];

/**
 * The vendor's "JSON string fields", per method, as plain data: what a client that carries
 * no schema (the browser's) stringifies before sending. The schemas say the same with
 * `jsonString` codecs; the check below keeps the two in step at compile time.
 */
export const JSON_STRING_FIELDS = {
  'workflow.kyc.particular.data': ['personData'],
  'workflow.kyc.liveness.data': ['scores', 'images'],
  'workflow.kyc.required.doc': ['doc', 'extraData'],
  'workflow.kyc.required.form': ['formData'],
} as const satisfies { readonly [M in MethodName]?: readonly JsonStringField<M>[] };

type Listed<M extends MethodName> = M extends keyof typeof JSON_STRING_FIELDS
  ? (typeof JSON_STRING_FIELDS)[M][number]
  : never;

/** Per method, the JSON string fields the list leaves out. */
type Unlisted = { [M in MethodName]: Exclude<JsonStringField<M>, Listed<M>> }[MethodName];

/**
 * `true` when every JSON string field of the schemas is listed (the `satisfies` above
 * already refuses a listed field that is not one). Else the missing fields, so that the
 * assignment below fails to compile.
 */
export type JsonStringFieldsInSync = [Unlisted] extends [never] ? true : { unlisted: Unlisted };

export const jsonStringFieldsInSync: JsonStringFieldsInSync = true;
