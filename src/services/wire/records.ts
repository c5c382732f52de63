import * as z from 'zod/mini';
import type { ReadStatus } from './fallbacks.js';
import { ID_LIMITS } from './id-limits.js';
import { documentType } from './vocabulary.js';

/**
 * The customer's particulars (`personData`). Dates are ISO `YYYY-MM-DD`; countries are
 * ISO 3166 alpha-2. Unknown extra fields pass through.
 */
/** A day's slack: a birthday today somewhere east of UTC is tomorrow's date here. */
const DAY_MS = 86_400_000;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `YYYY-MM-DD` date that is a day of the calendar (not Feb 30) and not in the future. One
 * of another shape passes here: the shape's own check names it, once.
 */
const isPastDay = (text: string): boolean => {
  if (!ISO_DAY.test(text)) return true;
  const day = new Date(`${text}T00:00:00Z`);
  return (
    !Number.isNaN(day.getTime()) &&
    day.toISOString().slice(0, 10) === text &&
    day.getTime() <= Date.now() + DAY_MS
  );
};

export const personData = z.looseObject({
  // Blank, or only spaces and invisible marks (a zero-width space): no name at all.
  name: z.string().check(z.regex(/[\p{L}\p{N}]/u, 'expected a name with at least one letter')),
  dateOfBirth: z
    .string()
    .check(
      z.regex(ISO_DAY, 'expected a date as YYYY-MM-DD'),
      z.refine(isPastDay, 'expected a day of the calendar, not in the future'),
    ),
  nationality: z.string().check(z.length(2, 'expected an ISO 3166 alpha-2 country code')),
  sex: z.optional(z.enum(['MALE', 'FEMALE', 'OTHER'])),
  countryOfResidence: z.optional(z.string().check(z.length(2))),
  address: z.optional(z.string()),
});
export type PersonData = z.infer<typeof personData>;

export const livenessScores = z.looseObject({
  qualityScore: z.optional(z.number()),
  brightnessScore: z.optional(z.number()),
  brightnessStatus: z.optional(z.string()),
});
export type LivenessScores = z.infer<typeof livenessScores>;

export const livenessImages = z.looseObject({
  faceFull: z.string().check(z.minLength(1)),
});
export type LivenessImages = z.infer<typeof livenessImages>;

/** One side of an uploaded document, as the guide's `doc` example shows it. */
export const documentFile = z.looseObject({
  url: z.string().check(z.minLength(1)),
  filename: z.optional(z.string()),
  content_type: z.optional(z.string()),
  size: z.optional(z.number()),
});
export type DocumentFile = z.infer<typeof documentFile>;

export const documentFiles = z.looseObject({
  front: documentFile,
  back: z.optional(documentFile),
});
export type DocumentFiles = z.infer<typeof documentFiles>;

// Any JSON object. A loose object with no declared keys rather than `z.record`: the same
// answer for everything JSON can hold, without a second object parser in browser bundles.
export const extraData = z.looseObject({});
export type ExtraData = z.infer<typeof extraData>;

/** Any JSON object (see `extraData`). */
export const formData = z.looseObject({});
export type FormData = z.infer<typeof formData>;

/** What a waiting node may say it wants (an assumption: the docs show no `config`). */
export const nodeConfig = z.looseObject({
  acceptedDocumentTypes: z.optional(z.array(documentType)),
  region: z.optional(z.string()),
  requiredDocuments: z.optional(
    z.array(z.looseObject({ docType: documentType, isRequired: z.boolean() })),
  ),
  formIds: z.optional(z.array(z.string())),
  identity: z.optional(z.string()),
});
export type NodeConfig = z.infer<typeof nodeConfig>;

/**
 * A node as the gateway sends it. The guide shows `nodeType`; `nodeId` and `callbackKey` are
 * our assumption, so a node may come without them (see `fallbackCallbackKey`). Unknown
 * fields pass through to the host.
 */
export const wireNode = z.looseObject({
  nodeId: z.optional(z.string()),
  nodeType: z.string(),
  // No longer than a request may carry it back (`ID_LIMITS`): longer breaks the contract.
  callbackKey: z.optional(z.string().check(z.maxLength(ID_LIMITS.callbackKey))),
  config: z.optional(nodeConfig),
});
export type WireNode = z.infer<typeof wireNode>;

/** A node as the flow tracks it: its callbackKey is there, sent or derived. */
export type CurrentNode = WireNode & { readonly callbackKey: string };

/**
 * What COMPLETED carries, kept as the gateway sent it. `decision` is read with
 * `readDecision` (any case; anything else is UNKNOWN), never rewritten here.
 */
export const executionResult = z.looseObject({ decision: z.optional(z.unknown()) });
export type ExecutionResult = z.infer<typeof executionResult>;

export const executionError = z.looseObject({
  // A string or a number. A predicate rather than `z.union`: the only union of the contract,
  // so the browser bundle carries no union parser for it.
  code: z.optional(
    z.custom<string | number>(
      (value) => typeof value === 'string' || typeof value === 'number',
      'expected a string or a number',
    ),
  ),
  message: z.optional(z.string()),
});

/**
 * A status answer as it travels. `status` is required (the guide shows it) but may be any
 * word: `readStatus` reads it, and a status the guide does not list is not terminal.
 */
export const executionAnswer = z.looseObject({
  executionId: z.optional(z.string().check(z.maxLength(ID_LIMITS.executionId))),
  status: z.string(),
  currentNode: z.optional(z.nullable(wireNode)),
  result: z.optional(z.nullable(executionResult)),
  error: z.optional(z.nullable(executionError)),
});
export type ExecutionError = z.infer<typeof executionError>;

/** A status answer after the reader (`readAnswer`): its status read, unknown fields kept. */
export interface ExecutionAnswer {
  readonly executionId?: string | undefined;
  readonly status: ReadStatus;
  readonly currentNode?: WireNode | null | undefined;
  readonly result?: ExecutionResult | null | undefined;
  readonly error?: ExecutionError | null | undefined;
  readonly [field: string]: unknown;
}

/** What the schema reads fits `ExecutionAnswer` (else this fails to compile). */
export const executionAnswerFits: z.infer<typeof executionAnswer> extends ExecutionAnswer
  ? true
  : never = true;

/** A status answer as the flow tracks it: its executionId and node's callbackKey filled in. */
export interface ExecutionState extends ExecutionAnswer {
  readonly executionId: string;
  readonly currentNode?: CurrentNode | null | undefined;
}

/** Extracted fields of an identity document; every field is optional. */
export const ocrResult = z.looseObject({
  documentType: z.optional(documentType),
  documentNumber: z.optional(z.string()),
  name: z.optional(z.string()),
  dateOfBirth: z.optional(z.string()),
  nationality: z.optional(z.string()),
  sex: z.optional(z.string()),
  expiryDate: z.optional(z.string()),
});
export type OcrResult = z.infer<typeof ocrResult>;
