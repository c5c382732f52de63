import * as z from 'zod';
import type { FlowActors } from '../../machine/actors/index.js';
import { OTP_CHANNELS } from '../../services/wire/vocabulary.js';

/**
 * What each actor of the chart reads of its input once restored: a running actor starts
 * again from the input saved with it, not from the context. One lost there is no gateway's
 * fault: a poll of no execution is a call the gateway refuses, a poll with no deadline
 * sleeps for ever. Only what the actor cannot do without; extra fields pass, and what a
 * persisted flow never holds (an OTP code, `persist()` strips it) is not asked for.
 */

const text = z.string().min(1, 'expected a non-empty string');
const time = z.number().finite();

/** The fields that name the waiting node in every submission. */
const nodeRef = { executionId: text, callbackKey: text, referenceId: text };

export const ACTOR_INPUTS: Readonly<Record<string, z.ZodType>> = {
  registerCustomer: z.looseObject({}),
  startWorkflow: z.looseObject({ customerId: text, referenceId: text }),
  pollExecution: z.looseObject({ executionId: text, notBefore: time }),
  pollOcr: z.looseObject({ executionId: text, callbackKey: text, notBefore: time }),
  submitIdentityDocument: z.looseObject({ ...nodeRef, document: z.looseObject({}) }),
  submitParticulars: z.looseObject({ ...nodeRef, personData: z.looseObject({}) }),
  submitLiveness: z.looseObject({ ...nodeRef, liveness: z.looseObject({}) }),
  sendOtp: z.looseObject({ ...nodeRef, channel: z.enum(OTP_CHANNELS), identity: z.string() }),
  verifyOtp: z.looseObject({ ...nodeRef, channel: z.enum(OTP_CHANNELS), requestId: z.string() }),
  addDocument: z.looseObject({ ...nodeRef, document: z.looseObject({}) }),
  submitDocuments: z.looseObject(nodeRef),
  submitForms: z.looseObject({ ...nodeRef, forms: z.array(z.looseObject({})) }),
  wait: z.looseObject({ until: time }),
} satisfies Record<keyof FlowActors, z.ZodType>;
