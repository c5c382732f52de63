import { METHOD_FUNCTIONS, type MethodFunctionName } from '../../services/method-functions.js';
import type { GatewayClient, MethodFunction } from '../../services/types.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { Gate } from './gate.js';

/** The reads the flow repeats by itself; submissions are the user's and always go. */
const POLLS = new Set<MethodName>(['workflow.execution.status', 'workflow.kyc.ocr.data']);

/**
 * A client built on its first call (a relative proxy URL needs the page's location, which
 * server rendering does not have), whose polls wait for the gate: nothing is read while
 * the page is hidden or offline.
 */
export const gatedClient = (create: () => GatewayClient, gate: Gate): GatewayClient => {
  let built: GatewayClient | undefined;
  const client = () => {
    built ??= create();
    return built;
  };
  const call: GatewayClient['call'] = async (method, input, options) => {
    if (POLLS.has(method)) await gate.whenOpen(options?.signal);
    return client().call(method, input, options);
  };
  // Every named function is `call` with its method (the table is checked against the client).
  const functions = Object.fromEntries(
    Object.entries(METHOD_FUNCTIONS).map(([name, method]) => [
      name,
      (input: never, options?: Parameters<GatewayClient['call']>[2]) =>
        call(method, input, options),
    ]),
  ) as { [K in MethodFunctionName]: MethodFunction<(typeof METHOD_FUNCTIONS)[K]> };
  return { call, ...functions, upload: (input, options) => client().upload(input, options) };
};
