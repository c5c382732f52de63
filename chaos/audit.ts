import type { SandboxStats } from '../src/sandbox/index.js';
import type { MethodName } from '../src/services/index.js';
import type { Accepted } from './ledger.js';
import type { PlannedFlow } from './plan.js';

/**
 * How the sandbox names the effect of an accepted call. These keys are the sandbox's own
 * bookkeeping (`src/sandbox/handlers/*`), kept here in one place: an accepted call must
 * have left its key in `stats().effects`.
 */
export function effectKeyOf(accepted: Accepted): { readonly key: string; readonly prefix?: true } {
  const input = accepted.input as Record<string, unknown> & { data?: Record<string, unknown> };
  const output = accepted.output as Record<string, unknown>;
  const callbackKey = String(input.callbackKey ?? '');
  const method: MethodName = accepted.method;
  switch (method) {
    case 'workflow.applicant.register':
      return { key: `register:${String(output.customerId)}` };
    case 'workflow.apply.submit':
      return { key: `start:${String(input.data?.customerId)}:${String(input.data?.referenceId)}` };
    case 'workflow.kyc.otp.send':
      // The n-th code for the node: any of them is the effect of this send.
      return { key: `${callbackKey}#send-`, prefix: true };
    case 'workflow.kyc.otp.verify':
      return { key: `${callbackKey}#verify-${String(input.requestId)}-${String(input.code)}` };
    case 'workflow.kyc.required.doc':
      return { key: `${callbackKey}#${String(input.docType)}` };
    case 'workflow.kyc.required.form':
      return { key: `${callbackKey}#${String(input.formId)}` };
    default:
      return { key: callbackKey };
  }
}

export interface Audit {
  /** Effect keys applied more than once, and flows with other than one registration, start or execution. */
  readonly duplicateEffects: number;
  /** Accepted submissions the sandbox never applied. */
  readonly lostSubmissions: number;
  /** Second and later OTP codes for one node (a repeated send after the cooldown): not a failure, but a customer would get two messages. */
  readonly otpResends: number;
  readonly details: string[];
}

export function audit(
  stats: SandboxStats,
  ledger: readonly Accepted[],
  flows: readonly PlannedFlow[],
): Audit {
  const effects = new Map(Object.entries(stats.effects));
  const details: string[] = [];

  let duplicateEffects = 0;
  for (const [key, count] of effects) {
    if (count > 1) {
      duplicateEffects += 1;
      details.push(`effect ${key} applied ${count} times`);
    }
  }
  const executions = new Map<string, number>();
  for (const execution of stats.executions) {
    executions.set(execution.customerId, (executions.get(execution.customerId) ?? 0) + 1);
  }
  for (const flow of flows) {
    const { customerId } = flow.customer;
    const registrations = [...effects.keys()].filter(
      (key) => key === `register:${customerId}`,
    ).length;
    const starts = [...effects.keys()].filter((key) =>
      key.startsWith(`start:${customerId}:`),
    ).length;
    const runs = executions.get(customerId) ?? 0;
    // A flow that never got that far has none; more than one is a duplicate.
    for (const [what, count] of [
      ['registrations', registrations],
      ['starts', starts],
      ['executions', runs],
    ] as const) {
      if (count > 1) {
        duplicateEffects += 1;
        details.push(`flow ${flow.index}: ${count} ${what}`);
      }
    }
  }

  let lostSubmissions = 0;
  const keys = [...effects.keys()];
  for (const accepted of ledger) {
    const { key, prefix } = effectKeyOf(accepted);
    const applied = prefix ? keys.some((known) => known.startsWith(key)) : effects.has(key);
    if (!applied) {
      lostSubmissions += 1;
      details.push(`accepted ${accepted.method} (${key}) was never applied`);
    }
  }

  const sends = new Map<string, number>();
  for (const key of keys) {
    const at = key.indexOf('#send-');
    if (at > 0) sends.set(key.slice(0, at), (sends.get(key.slice(0, at)) ?? 0) + 1);
  }
  const otpResends = [...sends.values()].reduce((sum, count) => sum + count - 1, 0);

  return { duplicateEffects, lostSubmissions, otpResends, details };
}
