const DONE = /^xstate\.done\.actor\.(.+)$/;
const ERROR = /^xstate\.error\.actor\.(.+)$/;

/** A transition's label: its event (`registerCustomer done`, `START`) and guard, if any. */
export function labelOf(eventType: string, guard: unknown): string {
  const done = DONE.exec(eventType);
  const error = ERROR.exec(eventType);
  const base = done ? `${done[1]} done` : error ? `${error[1]} error` : eventType;
  const name = guardName(guard);
  return name ? `${base} [${name}]` : base;
}

/**
 * What causes a transition, in a folded diagram: a host event by name, a status answer, a
 * call's answer by the call, or an error of any call.
 */
export function causeOf(eventType: string): string {
  const done = DONE.exec(eventType)?.[1];
  if (done === 'pollExecution' || done === 'watchExecution') return 'status';
  if (done) return `${done} done`;
  return ERROR.test(eventType) ? 'error' : eventType;
}

function guardName(guard: unknown): string | undefined {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: unknown };
    if (params && typeof params === 'object') {
      const detail = Object.entries(params)
        .filter(([, value]) => typeof value === 'string')
        .map(([, value]) => value)
        .join(' ');
      return detail ? `${type} ${detail}` : type;
    }
    return type;
  }
  return undefined;
}
