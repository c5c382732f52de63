import { isRecord } from '../services/envelope.js';
import type { HostEvent, HostEventType } from './types.js';

/** Every event a host may send; anything else (an actor's own event, a typo) is not the host's to send. */
export const HOST_EVENT_TYPES: ReadonlySet<string> = new Set<HostEventType>([
  'START',
  'SUBMIT_IDENTITY_DOCUMENT',
  'RETAKE',
  'SUBMIT_PARTICULARS',
  'SUBMIT_LIVENESS',
  'SEND_OTP',
  'RESEND_OTP',
  'VERIFY_OTP',
  'ADD_DOCUMENT',
  'SUBMIT_DOCUMENTS',
  'SUBMIT_FORMS',
  'RETRY',
  'CANCEL',
]);

/**
 * The payload each event carries, by field; the chart sends it on as its submit actor's input
 * field of the same name. Its fields are checked by the client before anything is sent.
 */
export const PAYLOADS = {
  SUBMIT_IDENTITY_DOCUMENT: { field: 'document', shape: 'object' },
  SUBMIT_PARTICULARS: { field: 'personData', shape: 'object' },
  SUBMIT_LIVENESS: { field: 'liveness', shape: 'object' },
  ADD_DOCUMENT: { field: 'document', shape: 'object' },
  SUBMIT_FORMS: { field: 'forms', shape: 'array' },
} as const satisfies Partial<Record<HostEventType, { field: string; shape: 'object' | 'array' }>>;

/**
 * Why a flow whose actor is `status` cannot take `event`, or `undefined` when it can.
 * Untyped callers (plain JS, a bridge) can hand anything over: not an event, not a host
 * event (a forged `xstate.done.actor.*` would settle an outcome the gateway never gave), or
 * without the payload it needs (a missing payload would reach the chart's actions and views
 * as `undefined`).
 */
export function refusalOf(event: HostEvent, status = 'active'): string | undefined {
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return 'not an event';
  if (status !== 'active') return status === 'done' ? 'the flow is over' : 'the flow is stopped';
  if (!HOST_EVENT_TYPES.has(type)) return 'not a host event';
  const payload = (PAYLOADS as Partial<Record<string, (typeof PAYLOADS)[keyof typeof PAYLOADS]>>)[
    type
  ];
  if (!payload) return undefined;
  const value = (event as unknown as Record<string, unknown>)[payload.field];
  const fits = payload.shape === 'array' ? Array.isArray(value) : isRecord(value);
  return fits ? undefined : `${payload.field}: expected an ${payload.shape}`;
}
