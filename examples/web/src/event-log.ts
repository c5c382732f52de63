import { redact } from 'kyc-flow/browser';
import { useSyncExternalStore } from 'react';
import type { InspectionEvent } from 'xstate';

/** One event the chart took, as the developer panel lists it (personal data redacted). */
export interface LogEntry {
  readonly id: number;
  readonly at: number;
  readonly type: string;
  readonly detail: string;
  /** The state path the chart was in after the event. */
  state?: string;
}

const MAX_ENTRIES = 150;
let entries: readonly LogEntry[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const changed = () => {
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

/** Hand to the flow's `inspect`: keeps the events the root chart receives and the state they lead to. */
export function recordInspection(event: InspectionEvent): void {
  const atRoot = event.actorRef.sessionId === event.rootId;
  if (!atRoot) return;
  if (event.type === '@xstate.event') {
    const entry: LogEntry = {
      id: nextId++,
      at: Date.now(),
      type: event.event.type,
      detail: summary(event.event),
    };
    entries = [entry, ...entries].slice(0, MAX_ENTRIES);
    changed();
  } else if (event.type === '@xstate.snapshot') {
    const [latest, ...rest] = entries;
    const state = pathOf((event.snapshot as { value?: unknown }).value);
    if (latest && latest.state === undefined) {
      entries = [{ ...latest, state }, ...rest];
      changed();
    }
  }
}

export function clearEventLog(): void {
  entries = [];
  changed();
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
