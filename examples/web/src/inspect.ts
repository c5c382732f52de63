import { openStatelyInspector } from 'kyc-flow/react';
import type { InspectionEvent } from 'xstate';
import { recordInspection } from './panel/event-log';

const inspectors = new Map<string, (event: InspectionEvent) => void>();

/**
 * The flow's inspection observer: the developer panel's event log, plus the Stately
 * inspector (redacted) when the address has `?inspect`. One per customer, so that the
 * option stays the same object across renders.
 */
export function inspectorFor(customerId: string): (event: InspectionEvent) => void {
  const known = inspectors.get(customerId);
  if (known) return known;
  const stately = new URLSearchParams(window.location.search).has('inspect')
    ? openStatelyInspector()
    : undefined;
  const inspect = (event: InspectionEvent) => {
    recordInspection(event);
    stately?.inspect(event);
  };
  inspectors.set(customerId, inspect);
  return inspect;
}
