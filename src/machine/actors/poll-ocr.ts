import type { GatewayClient } from '../../services/types.js';
import type { MethodOutput } from '../../services/wire/methods.js';
import { fromCall } from './call-logic.js';
import type { Sleep } from './sleep.js';

export interface PollOcrInput {
  readonly executionId: string;
  readonly callbackKey: string;
  /** Epoch ms before which the OCR result is not read (survives persistence). */
  readonly notBefore: number;
}
export type PollOcrOutput = MethodOutput<'workflow.kyc.ocr.data'>;

/** Waits until `notBefore`, then reads `workflow.kyc.ocr.data`. */
export const createPollOcr = (client: GatewayClient, sleep?: Sleep) =>
  fromCall<PollOcrOutput, PollOcrInput>(async (input, scope) => {
    await scope.sleep(input.notBefore);
    return client.getOcrResult(
      { executionId: input.executionId, callbackKey: input.callbackKey },
      { signal: scope.signal },
    );
  }, sleep);
