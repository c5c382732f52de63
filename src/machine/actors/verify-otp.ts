import type { GatewayClient } from '../../services/types.js';
import type { OtpChannel } from '../../services/wire/vocabulary.js';
import { codePrint } from '../code-print.js';
import { FLOW_CODES, FlowInputError } from '../flow-error.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface VerifyOtpInput extends NodeRefInput {
  readonly channel: OtpChannel;
  readonly identity: string;
  readonly requestId: string;
  /** Lives only here, while verifying; `persist()` removes it. */
  readonly code?: string;
}
export interface VerifyOtpOutput {
  readonly verified: boolean;
  /** Taken (apiCode 200) with no word on the code: the status read that follows decides. */
  readonly unconfirmed?: true;
  readonly remainingAttempts?: number;
  /** A refused code's print (`codePrint`), never the code. */
  readonly refused?: string;
}

/** `workflow.kyc.otp.verify`. A restored verify has no code and asks for it again. */
export const createVerifyOtp = (client: GatewayClient) =>
  fromCall<VerifyOtpOutput, VerifyOtpInput>(async (input, { signal }) => {
    if (!input.code) {
      throw new FlowInputError(FLOW_CODES.OTP_CODE_REQUIRED, 'enter the code again');
    }
    const { verified, remainingAttempts } = await client.verifyOtp(
      {
        ...nodeRefOf(input),
        type: input.channel,
        identity: input.identity,
        requestId: input.requestId,
        code: input.code,
      },
      { signal },
    );
    return {
      verified: verified !== false,
      ...(verified === undefined && { unconfirmed: true }),
      ...(remainingAttempts === undefined ? {} : { remainingAttempts }),
      ...(verified === false && { refused: codePrint(input.requestId, input.code) }),
    };
  });
