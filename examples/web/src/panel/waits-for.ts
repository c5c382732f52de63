import type { UseKycFlowResult } from 'kyc-flow/react';

const clock = (at: number) => new Date(at).toLocaleTimeString(undefined, { hour12: false });

/** The last part of a dotted state path: `tracking.emailOtp.locked.coolingDown` → `coolingDown`. */
const leafOf = (state: string) => state.slice(state.lastIndexOf('.') + 1);

/** What the flow waits for in words: the host's events, a timer, or the gateway. */
export function waitsFor(flow: UseKycFlowResult): string {
  if (flow.done) return 'nothing: the flow has ended';
  if (flow.expects.length > 0) return `the host: ${flow.expects.join(' or ')}`;
  const leaf = leafOf(flow.state);
  if (leaf === 'coolingDown') {
    const at = flow.otp?.resendAvailableAt;
    return `the resend cooldown${at ? ` (until ${clock(at)})` : ''}, then RESEND_OTP`;
  }
  if (leaf === 'extracting') return 'the OCR result (polling workflow.kyc.ocr.data)';
  if (['submitting', 'sending', 'verifying', 'adding'].includes(leaf)) {
    return "the gateway's answer to the submission";
  }
  if (leaf === 'registering' || leaf === 'starting') return "the gateway's answer";
  return 'the next status poll (workflow.execution.status)';
}
