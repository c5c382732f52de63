import { redact } from '../../machine/redact.js';
import { toPlainData } from './plain-data.js';

/**
 * What the inspector may send out of the page: the event as plain data, redacted. Used as
 * the inspector's `serialize`, so it sees everything the adapter sends (snapshots, events,
 * child actors' input and output), after `@statelyai/inspect` has converted it. Loaded with
 * the inspector, so a page that never inspects does not carry the redaction.
 */
export const toInspectorEvent = <T>(event: T): T => redact(toPlainData(event)) as T;
