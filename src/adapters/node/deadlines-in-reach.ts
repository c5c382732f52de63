import { MAX_OTP_COOLDOWN_MS } from '../../machine/deadlines.js';
import type { PersistedFlow } from '../../machine/index.js';

/** The deadline fields of the chart's waiting actors' inputs (polls, OCR reads, back-offs). */
const DEADLINES = ['notBefore', 'until'] as const;

interface Child {
  snapshot?: { input?: Record<string, unknown>; children?: Record<string, Child> };
}

/**
 * The longest wait the chart can have chosen: no policy interval, back-off or cooldown (the
 * server's hints included, which are not scaled) is longer than the largest of them.
 */
const longestWait = (polling: unknown): number => {
  const values = Object.values(typeof polling === 'object' && polling !== null ? polling : {});
  const numbers = values.filter((value): value is number => Number.isFinite(value));
  return Math.max(MAX_OTP_COOLDOWN_MS, ...numbers);
};

/**
 * A saved flow whose waits all end within reach of `now`. A deadline further away than any
 * wait the chart can choose was written by a clock that ran ahead (then stepped back by NTP,
 * or a machine restored with another time): restored as it is, the flow would sit silent
 * until then, hours or years. Such a deadline is due now: the flow reads the gateway at once,
 * as it would after any restore. Node only: a browser restores what it saved moments ago.
 */
export function deadlinesInReach(persisted: PersistedFlow, now = Date.now()): PersistedFlow {
  const copy = structuredClone(persisted);
  const snapshot = copy.snapshot as {
    context?: { polling?: unknown };
    children?: Record<string, Child>;
  };
  const latest = now + longestWait(snapshot.context?.polling);
  let changed = false;
  const visit = (children: Record<string, Child> | undefined) => {
    for (const child of Object.values(children ?? {})) {
      const input = child.snapshot?.input;
      for (const field of DEADLINES) {
        const value = input?.[field];
        if (input && typeof value === 'number' && value > latest) {
          input[field] = now;
          changed = true;
        }
      }
      visit(child.snapshot?.children);
    }
  };
  visit(snapshot.children);
  return changed ? copy : persisted;
}
