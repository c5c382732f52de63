import * as z from 'zod/mini';
import { decision, executionStatus } from '../services/wire/vocabulary.js';

const executionRef = z.object({ executionId: z.string().check(z.minLength(1)) });
const executionAnswer = z.looseObject({ executionId: z.string(), status: executionStatus });

/**
 * Sandbox-only methods, served by the same signed `/gateway` so that a test or a demo in
 * another process can steer an execution the way a back-office operator would.
 */
export const adminMethods = {
  'sandbox.review.decide': {
    request: z.object({ executionId: z.string().check(z.minLength(1)), decision }),
    response: executionAnswer,
  },
  'sandbox.execution.cancel': { request: executionRef, response: executionAnswer },
  'sandbox.execution.expire': { request: executionRef, response: executionAnswer },
  'sandbox.stats': { request: z.object({}), response: z.looseObject({}) },
} as const;

export type AdminMethodName = keyof typeof adminMethods;
export const ADMIN_METHOD_NAMES = Object.keys(adminMethods) as AdminMethodName[];
export const isAdminMethod = (name: string): name is AdminMethodName =>
  Object.hasOwn(adminMethods, name);
