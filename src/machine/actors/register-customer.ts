import type { GatewayClient } from '../../services/types.js';
import { fromCall } from './call-logic.js';

export interface RegisterCustomerInput {
  readonly customerId?: string;
  readonly email?: string;
}
export interface RegisterCustomerOutput {
  readonly customerId: string;
}

/** `workflow.applicant.register`; idempotent, so a restored in-flight call may run again. */
export const createRegisterCustomer = (client: GatewayClient) =>
  fromCall<RegisterCustomerOutput, RegisterCustomerInput>(async (input, { signal }) => {
    const { customerId } = await client.register(
      {
        ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
        ...(input.email === undefined ? {} : { email: input.email }),
      },
      { signal },
    );
    return { customerId };
  });
