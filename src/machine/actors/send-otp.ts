import type { GatewayClient } from '../../services/types.js';
import type { OtpChannel } from '../../services/wire/vocabulary.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface SendOtpInput extends NodeRefInput {
  readonly channel: OtpChannel;
  readonly identity: string;
}
export interface SendOtpOutput {
  readonly requestId: string;
  readonly cooldownSeconds?: number;
}

/** `workflow.kyc.otp.send`; within the cooldown the gateway answers the same requestId. */
export const createSendOtp = (client: GatewayClient) =>
  fromCall<SendOtpOutput, SendOtpInput>(async (input, { signal }) => {
    const { requestId, cooldownSeconds } = await client.sendOtp(
      {
        ...nodeRefOf(input),
        type: input.channel,
        identity: input.identity,
      },
      { signal },
    );
    return cooldownSeconds === undefined ? { requestId } : { requestId, cooldownSeconds };
  });
