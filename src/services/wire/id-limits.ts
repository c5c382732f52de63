/**
 * The longest each id of the contract may be, in characters (UTF-16 code units, as
 * `String.length` counts them). The vendor publishes none; these leave ample room for any
 * id a gateway or an integrator makes (UUIDs, prefixed hex, ULIDs) while keeping what a
 * proxy or a store remembers per id small. An email may be as long as SMTP allows (a
 * 64-character local part, `@`, a 255-character domain). One table, so that every check
 * reads the same numbers.
 */
export const ID_LIMITS = {
  customerId: 128,
  referenceId: 128,
  executionId: 128,
  callbackKey: 128,
  requestId: 128,
  formId: 128,
  email: 320,
} as const satisfies Readonly<Record<string, number>>;

/** A field the table bounds. */
export type IdField = keyof typeof ID_LIMITS;

export const ID_FIELDS = Object.keys(ID_LIMITS) as IdField[];
