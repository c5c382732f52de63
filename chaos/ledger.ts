import {
  type GatewayClient,
  METHOD_FUNCTIONS,
  type MethodFunctionName,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../src/services/index.js';

/** A call the client saw succeed: the gateway said it took it. */
export interface Accepted {
  readonly method: MethodName;
  readonly input: MethodInput<MethodName>;
  readonly output: MethodOutput<MethodName>;
}

/** Every call that asks the gateway to do something (reads are not submissions). */
const SUBMISSIONS = new Set<MethodName>([
  'workflow.applicant.register',
  'workflow.apply.submit',
  'workflow.kyc.ocr',
  'workflow.kyc.particular.data',
  'workflow.kyc.liveness.data',
  'workflow.kyc.otp.send',
  'workflow.kyc.otp.verify',
  'workflow.kyc.required.doc',
  'workflow.kyc.required.doc.submit',
  'workflow.kyc.required.form',
]);

/**
 * Wraps a client so that every submission it sees accepted is written down: what the
 * flows believe the gateway did, to hold against what the sandbox says it did.
 */
export function recordAccepted(client: GatewayClient, ledger: Accepted[]): GatewayClient {
  const wrapped: Partial<Record<MethodFunctionName, unknown>> = {};
  for (const [name, method] of Object.entries(METHOD_FUNCTIONS) as Array<
    [MethodFunctionName, MethodName]
  >) {
    const original = client[name] as (input: unknown, options?: unknown) => Promise<unknown>;
    wrapped[name] = SUBMISSIONS.has(method)
      ? async (input: unknown, options?: unknown) => {
          const output = await original(input, options);
          ledger.push({
            method,
            input: input as MethodInput<MethodName>,
            output: output as MethodOutput<MethodName>,
          });
          return output;
        }
      : original;
  }
  return Object.freeze({ ...client, ...wrapped }) as GatewayClient;
}
