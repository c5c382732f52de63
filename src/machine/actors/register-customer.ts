import { ValidationError } from '../../services/errors/validation-error.js';
import type { GatewayClient } from '../../services/types.js';
import { registeredCustomerId } from '../../services/wire/fallbacks.js';
import { fromCall } from './call-logic.js';

export interface RegisterCustomerInput {
  readonly customerId?: string;
  readonly email?: string;
}
export interface RegisterCustomerOutput {
  readonly customerId: string;
}

/**
 * `workflow.applicant.register`; idempotent, so a restored in-flight call may run again. An
 * answer without `customerId` keeps the one sent; with neither, the flow cannot start.
 */
export const createRegisterCustomer = (client: GatewayClient) =>
  fromCall<RegisterCustomerOutput, RegisterCustomerInput>(async (input, { signal }) => {
    // The chart's input (machine.ts) holds only the fields the customer has: sent as it is.
    const answer = await client.register(input, { signal });
    const customerId = registeredCustomerId(answer.customerId, input.customerId);
    if (customerId === undefined) {
      throw new ValidationError('workflow.applicant.register', 'response', [
        { field: 'customerId', message: 'expected string (none was sent)' },
      ]);
    }
    return { customerId };
  });
