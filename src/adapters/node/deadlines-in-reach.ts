import { MAX_OTP_COOLDOWN_MS } from '../../machine/deadlines.js';
import type { PersistedFlow } from '../../machine/index.js';

/** The deadline fields of the chart's waiting actors' inputs (polls, OCR reads, back-offs). */
const DEADLINES = ['notBefore', 'until'] as const;

interface Context {
  readonly polling?: unknown;
  timing?: { readonly retryAfterMs?: unknown; notBefore?: unknown };
}

interface Child {
  snapshot?: { input?: Record<string, unknown>; children?: Record<string, Child> };
}

/**
 * The longest wait the chart can have chosen: no policy interval, back-off or cooldown is
 * longer than the largest of them, nor than the wait the gateway last asked for (its
 * `Retry-After`, waited in full by `suspended`).
 */
const longestWait = (context: Context | undefined): number => {
  const { polling, timing } = context ?? {};
  const values = [
    ...Object.values(typeof polling === 'object' && polling !== null ? polling : {}),
    timing?.retryAfterMs,
  ];
  const numbers = values.filter((value): value is number => Number.isFinite(value));
  return Math.max(MAX_OTP_COOLDOWN_MS, ...numbers);
};

/**
 * A saved flow whose waits all end within reach of `now`. A deadline further away than any
 * wait the chart can choose was written by a clock that ran ahead (then stepped back by NTP,
 * or a machine restored with another time): restored as it is, the flow would sit silent
 * until then, hours or years. Such a deadline is due now: the flow reads the gateway at once,
 * as it would after any restore. Node only: a browser restores what it saved moments ago.
 * The time a gateway's `Retry-After` named, written so, counts its whole wait from now: due
 * at once, the call it held back would go out before the gateway allows it.
 */
export function deadlinesInReach(persisted: PersistedFlow, now = Date.now()): PersistedFlow {
  const copy = structuredClone(persisted);
  const snapshot = copy.snapshot as { context?: Context; children?: Record<string, Child> };
  const latest = now + longestWait(snapshot.context);
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
  const timing = snapshot.context?.timing;
  if (timing && typeof timing.notBefore === 'number' && timing.notBefore > latest) {
    timing.notBefore = now + (typeof timing.retryAfterMs === 'number' ? timing.retryAfterMs : 0);
    changed = true;
  }
  return changed ? copy : persisted;
}
