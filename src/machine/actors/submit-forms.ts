import type { GatewayClient } from '../../services/types.js';
import type { FormInput } from '../types.js';
import { fromCall } from './call-logic.js';
import { type NodeRefInput, nodeRefOf } from './node-ref.js';

export interface SubmitFormsInput extends NodeRefInput {
  readonly forms: readonly FormInput[];
}
export interface SubmitFormsOutput {
  readonly submitted: readonly string[];
}

/**
 * `workflow.kyc.required.form`, one call per form, in order. A restored in-flight batch
 * sends every form again; each is idempotent per callbackKey.
 */
export const createSubmitForms = (client: GatewayClient) =>
  fromCall<SubmitFormsOutput, SubmitFormsInput>(async (input, { signal }) => {
    const submitted: string[] = [];
    for (const form of input.forms) {
      await client.submitRequiredForm(
        {
          ...nodeRefOf(input),
          formId: form.formId,
          formData: form.formData,
        },
        { signal },
      );
      submitted.push(form.formId);
    }
    return { submitted };
  });
