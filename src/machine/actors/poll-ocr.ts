import type { GatewayClient } from '../../services/types.js';
import type { MethodOutput } from '../../services/wire/methods.js';
import { fromCall } from './call-logic.js';
import type { Sleep } from './sleep.js';

export interface PollOcrInput {
  readonly executionId: string;
  readonly callbackKey: string;
  /** Epoch ms before which the OCR result is not read (survives persistence). */
  readonly notBefore: number;
  /** The last read allowed: an OCR still not done is answered as failed. */
  readonly last?: boolean;
}
export type PollOcrOutput = MethodOutput<'workflow.kyc.ocr.data'>;

/**
 * Waits until `notBefore`, then reads `workflow.kyc.ocr.data`. An OCR still not done (any
 * status but SUCCESS or FAILED) at the `last` read is answered as FAILED, saying so: the
 * host is asked for a retake, and the flow stops reading a result that may never come. Its
 * last status is named (cut short), so that a word the client does not know shows.
 */
export const createPollOcr = (client: GatewayClient, sleep?: Sleep) =>
  fromCall<PollOcrOutput, PollOcrInput>(async (input, scope) => {
    await scope.sleep(input.notBefore);
    const answer = await client.getOcrResult(
      { executionId: input.executionId, callbackKey: input.callbackKey },
      { signal: scope.signal },
    );
    const { status } = answer;
    if (!input.last || status === 'SUCCESS' || status === 'FAILED') return answer;
    return {
      ...answer,
      status: 'FAILED',
      reason: `the OCR did not finish (${status.slice(0, 40)})`,
    };
  }, sleep);
