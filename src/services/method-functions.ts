import type { GatewayClient, MethodFunction } from './types.js';
import type { MethodName } from './wire/methods.js';

/** The client's functions that each speak one gateway method. */
export type MethodFunctionName = Exclude<keyof GatewayClient, 'call' | 'upload'>;

/** Which gateway method each domain-named function of the client speaks. */
export const METHOD_FUNCTIONS = {
  register: 'workflow.applicant.register',
  startWorkflow: 'workflow.apply.submit',
  getExecution: 'workflow.execution.status',
  submitIdentityDocument: 'workflow.kyc.ocr',
  getOcrResult: 'workflow.kyc.ocr.data',
  submitParticulars: 'workflow.kyc.particular.data',
  submitLiveness: 'workflow.kyc.liveness.data',
  sendOtp: 'workflow.kyc.otp.send',
  verifyOtp: 'workflow.kyc.otp.verify',
  addRequiredDocument: 'workflow.kyc.required.doc',
  submitRequiredDocuments: 'workflow.kyc.required.doc.submit',
  submitRequiredForm: 'workflow.kyc.required.form',
} as const satisfies Record<MethodFunctionName, MethodName>;

type Table = typeof METHOD_FUNCTIONS;
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Methods no function speaks. */
type Unspoken = Exclude<MethodName, Table[MethodFunctionName]>;
/** Functions that speak a method another function speaks too. */
type Repeated = {
  [K in MethodFunctionName]: Table[K] extends Table[Exclude<MethodFunctionName, K>] ? K : never;
}[MethodFunctionName];
/** Functions whose declared type in `GatewayClient` is not that of the method they speak. */
type Mistyped = {
  [K in MethodFunctionName]: Equals<GatewayClient[K], MethodFunction<Table[K]>> extends true
    ? never
    : K;
}[MethodFunctionName];

/**
 * `true` when the two lists (the gateway's `methods` and the client's functions) stay in
 * sync: every method is spoken by exactly one function, with that method's types. Else a
 * type naming what is wrong, so that the assignment below fails to compile.
 */
export type MethodFunctionsInSync = [Unspoken, Repeated, Mistyped] extends [never, never, never]
  ? true
  : { unspoken: Unspoken; repeated: Repeated; mistyped: Mistyped };

export const methodFunctionsInSync: MethodFunctionsInSync = true;
