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
 * Why an event from an untyped caller cannot be taken, or `undefined` when it can: not a
 * host event at all, or without the payload it needs (a missing payload would reach the
 * chart's actions and views as `undefined`).
 */
export function refusalOf(event: HostEvent): string | undefined {
  if (!HOST_EVENT_TYPES.has(event.type)) return 'not a host event';
  const payload = (PAYLOADS as Partial<Record<string, (typeof PAYLOADS)[keyof typeof PAYLOADS]>>)[
    event.type
  ];
  if (!payload) return undefined;
  const value = (event as unknown as Record<string, unknown>)[payload.field];
  const fits =
    payload.shape === 'array'
      ? Array.isArray(value)
      : typeof value === 'object' && value !== null && !Array.isArray(value);
  return fits ? undefined : `${payload.field}: expected an ${payload.shape}`;
}
