import type { MethodInput } from '../../services/wire/methods.js';
import { type Answer, refuse } from '../answer.js';
import type { EngineContext } from '../engine-context.js';
import { completeNode } from '../execution.js';
import { accepted, submit } from '../submission.js';

/**
 * `workflow.kyc.required.form`: one form, once per formId; the node completes when every
 * form its config names is in.
 */
export function submitRequiredForm(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.required.form'>,
): Answer {
  const key = `${input.callbackKey}#${input.formId}`;
  return submit(ctx, 'workflow.kyc.required.form', input, key, (execution, node, now) => {
    const formIds = node.config?.formIds ?? [input.formId];
    if (!formIds.includes(input.formId)) {
      return refuse(
        'API_INVALID_REQUEST',
        `formId: not asked for by this node (expected one of ${formIds.join(', ')})`,
      );
    }
    const received = ctx.store.forms.get(input.callbackKey) ?? new Set<string>();
    received.add(input.formId);
    ctx.store.forms.set(input.callbackKey, received);
    const remaining = formIds.filter((formId) => !received.has(formId));
    return {
      execution: remaining.length === 0 ? completeNode(execution, now) : execution,
      data: accepted(input, { formId: input.formId, remainingForms: remaining }),
    };
  });
}
