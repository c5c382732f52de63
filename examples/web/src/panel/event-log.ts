import { redact } from 'kyc-flow';
import { useSyncExternalStore } from 'react';
import type { InspectionEvent } from 'xstate';
import { readNote, writeNote } from '../saved';

/** One event the chart took, as the developer panel lists it (personal data redacted). */
export interface LogEntry {
  readonly id: number;
  readonly at: number;
  /** An event type, or `page loaded` where a reload split the log. */
  readonly type: string;
  readonly detail: string;
  /** The state path the chart was in after the event. */
  readonly state?: string;
}

const MAX_ENTRIES = 150;
let entries: readonly LogEntry[] = [];
let nextId = 1;
let kept: { storage: Storage; key: string } | undefined;
const listeners = new Set<() => void>();

const changed = () => {
  if (kept) writeNote(kept.storage, kept.key, entries);
  for (const listener of listeners) listener();
};

const pathOf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value)[0] ?? [];
    return key === undefined ? '' : `${key}${pathOf(child) ? `.${pathOf(child)}` : ''}`;
  }
  return '';
};

const summary = (event: { type: string }) => {
  const { type: _type, ...rest } = event as Record<string, unknown>;
  const text = JSON.stringify(redact(rest));
  return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

const add = (entry: Omit<LogEntry, 'id'>) => {
  entries = [{ id: nextId++, ...entry }, ...entries].slice(0, MAX_ENTRIES);
  changed();
};

/**
 * The log of one customer, kept in `storage` so that a reload continues it: what was
 * there before, a line where the page loaded, then what comes.
 */
export function openEventLog(storage: Storage, customerId: string): void {
  const key = `kyc-demo:log:${customerId}`;
  if (kept?.key === key) return;
  kept = { storage, key };
  entries = readNote<LogEntry[]>(storage, key, []);
  nextId = Math.max(0, ...entries.map((entry) => entry.id)) + 1;
  if (entries.length > 0) add({ at: Date.now(), type: 'page loaded', detail: '' });
  else changed();
}

/** Hand to the flow's `inspect`: keeps the events the root chart receives and the state they lead to. */
export function recordInspection(event: InspectionEvent): void {
  if (event.actorRef.sessionId !== event.rootId) return;
  if (event.type === '@xstate.event') {
    add({ at: Date.now(), type: event.event.type, detail: summary(event.event) });
  } else if (event.type === '@xstate.snapshot') {
    const [latest, ...rest] = entries;
    if (latest && latest.state === undefined && latest.type !== 'page loaded') {
      const state = pathOf((event.snapshot as { value?: unknown }).value);
      entries = [{ ...latest, state }, ...rest];
      changed();
    }
  }
}

/** Forgets the log of the customer the page leaves. */
export function clearEventLog(): void {
  if (kept) kept.storage.removeItem(kept.key);
  kept = undefined;
  entries = [];
  for (const listener of listeners) listener();
}

export function useEventLog(): readonly LogEntry[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => entries,
  );
}
