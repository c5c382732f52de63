import * as z from 'zod/mini';
import type { ReadStatus } from './fallbacks.js';
import { ID_LIMITS, type IdField } from './id-limits.js';
import { jsonString } from './json-string.js';
import {
  documentFiles,
  type ExecutionAnswer,
  executionAnswer,
  extraData,
  formData,
  livenessImages,
  livenessScores,
  ocrResult,
  personData,
} from './records.js';
import { documentType, otpChannel } from './vocabulary.js';

/**
 * An id a gateway answers with, no longer than the proxy lets a request carry (`ID_LIMITS`):
 * one past it could never be sent back through a proxy, and a run would carry and print it
 * on every call (a 64 KB executionId, say). Longer breaks the contract.
 */
const answeredId = (field: IdField) => z.string().check(z.maxLength(ID_LIMITS[field]));

/**
 * Every gateway method, its request (as it travels: JSON string fields are codecs, so
 * `z.encode` turns typed input into the wire form and `z.decode` reads it back) and its
 * response `data`. Response objects are loose: unknown extra fields pass through. Responses
 * require only what the guide shows and the flow cannot do without; the rest is optional,
 * with its fallback in `fallbacks.ts`, applied by `readAnswer`.
 */

/**
 * An id the client sends: not empty, and within `ID_LIMITS`, the same bound its answers and
 * the proxy keep. A longer one is the host's input to fix, refused before it is sent, not
 * registered at the gateway first and then read back as a gateway's broken answer.
 */
const sentId = (field: IdField) => z.string().check(z.minLength(1), z.maxLength(ID_LIMITS[field]));

const nodeRef = {
  executionId: sentId('executionId'),
  callbackKey: sentId('callbackKey'),
  referenceId: sentId('referenceId'),
};

/**
 * A submission's answer: the docs say nothing, so every field is optional, and the flow
 * reads none of them; `data` may even be null or missing.
 */
const ack = z.nullish(
  z.looseObject({
    executionId: z.optional(z.string()),
    callbackKey: z.optional(z.string()),
    accepted: z.optional(z.boolean()),
  }),
);

export const methods = {
  'workflow.applicant.register': {
    request: z
      .object({
        customerId: z.optional(sentId('customerId')),
        email: z.optional(z.string().check(z.minLength(3), z.maxLength(ID_LIMITS.email))),
      })
      .check(
        z.refine((value) => value.customerId !== undefined || value.email !== undefined, {
          message: 'at least one of customerId or email is required',
          path: ['customerId'],
        }),
      ),
    // The guide shows no answer: without `customerId`, the one sent (`registeredCustomerId`).
    response: z.looseObject({ customerId: z.optional(answeredId('customerId')) }),
  },
  'workflow.apply.submit': {
    request: z.object({
      // An enum of one rather than `z.literal`: the same check, one schema kind fewer to ship.
      eventType: z.enum(['KYC_EVENT']),
      source: z.string().check(z.minLength(1)),
      data: z.looseObject({
        customerId: sentId('customerId'),
        referenceId: sentId('referenceId'),
      }),
    }),
    // The flow needs the executionId; without `status`, CREATED (`STARTED_STATUS`).
    response: z.looseObject({
      executionId: answeredId('executionId').check(z.minLength(1)),
      status: z.optional(z.string()),
    }),
  },
  'workflow.execution.status': {
    request: z.object({ executionId: z.string().check(z.minLength(1)) }),
    response: executionAnswer,
  },
  'workflow.kyc.ocr': {
    request: z.object({
      ...nodeRef,
      provider: z.string().check(z.minLength(1)),
      frontImage: z.string().check(z.minLength(1)),
      backImage: z.optional(z.string().check(z.minLength(1))),
      documentType,
      region: z.string().check(z.minLength(2)),
    }),
    // The guide shows no answer, and the flow reads the OCR by executionId and callbackKey:
    // read as a submission's (`requestId`, if any, passed on as sent).
    response: ack,
  },
  'workflow.kyc.ocr.data': {
    request: z.object({
      executionId: z.string().check(z.minLength(1)),
      callbackKey: z.string().check(z.minLength(1)),
    }),
    // The guide shows no answer: SUCCESS and FAILED end the OCR; PROCESSING, or any other
    // word (PENDING, QUEUED…), is one not done yet (`readOcrStatus`).
    response: z.looseObject({
      status: z.string(),
      result: z.optional(z.nullable(ocrResult)),
      reason: z.optional(z.string()),
    }),
  },
  'workflow.kyc.particular.data': {
    request: z.object({ ...nodeRef, personData: jsonString(personData) }),
    response: ack,
  },
  'workflow.kyc.liveness.data': {
    request: z.object({
      ...nodeRef,
      provider: z.string().check(z.minLength(1)),
      status: z.enum(['PASS', 'FAIL']),
      scores: jsonString(livenessScores),
      images: jsonString(livenessImages),
    }),
    response: ack,
  },
  'workflow.kyc.otp.send': {
    request: z.object({
      ...nodeRef,
      type: otpChannel,
      identity: z.string().check(z.minLength(3)),
    }),
    response: z.looseObject({
      // Verify sends it back: an empty one could only be refused by our own request check.
      // The guide shows no answer: one under another name (`otpId`…) is read as it (`readOtpSend`).
      requestId: answeredId('requestId').check(z.minLength(1)),
      cooldownSeconds: z.optional(z.number()),
    }),
  },
  'workflow.kyc.otp.verify': {
    request: z.object({
      ...nodeRef,
      type: otpChannel,
      identity: z.string().check(z.minLength(3)),
      code: z.string().check(z.regex(/^\d{4,8}$/, 'expected a numeric code')),
      requestId: z.string().check(z.minLength(1)),
    }),
    // The guide shows no answer: one taken without `verified` leaves it out (`readOtpVerify`).
    response: z.looseObject({
      verified: z.optional(z.boolean()),
      remainingAttempts: z.optional(z.number()),
    }),
  },
  'workflow.kyc.required.doc': {
    request: z.object({
      ...nodeRef,
      doc: jsonString(documentFiles),
      isRequired: z.boolean(),
      docType: documentType,
      extraData: z.optional(jsonString(extraData)),
    }),
    response: ack,
  },
  'workflow.kyc.required.doc.submit': {
    request: z.object(nodeRef),
    response: ack,
  },
  'workflow.kyc.required.form': {
    request: z.object({
      ...nodeRef,
      formId: z.string().check(z.minLength(1)),
      formData: jsonString(formData),
    }),
    response: ack,
  },
} as const;

export type MethodName = keyof typeof methods;
export const METHOD_NAMES = Object.keys(methods) as MethodName[];

/** What a caller passes: typed objects, JSON string fields not yet encoded. */
export type MethodInput<M extends MethodName> = z.output<(typeof methods)[M]['request']>;
/** What travels in the body. */
export type MethodWire<M extends MethodName> = z.input<(typeof methods)[M]['request']>;
/** The `data` of a successful answer, as the response schema reads it. */
type SchemaOutput<M extends MethodName> = z.output<(typeof methods)[M]['response']>;

/** Answers whose shape `readAnswer` completes (a status read, a default filled in). */
interface ReadOutputs {
  'workflow.apply.submit': {
    readonly executionId: string;
    readonly status: ReadStatus;
    readonly [field: string]: unknown;
  };
  'workflow.execution.status': ExecutionAnswer;
}

/** The `data` of a successful answer, after the tolerant reader (`readAnswer`). */
export type MethodOutput<M extends MethodName> = M extends keyof ReadOutputs
  ? ReadOutputs[M]
  : SchemaOutput<M>;

/** Storage upload answer (an assumption: the storage service is undocumented). */
export const uploadResponse = z.looseObject({ url: z.string().check(z.minLength(1)) });
