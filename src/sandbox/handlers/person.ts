import type { MethodInput } from '../../services/wire/methods.js';
import type { Answer } from '../answer.js';
import type { EngineContext } from '../engine-context.js';
import { completeNode } from '../execution.js';
import { accepted, submit } from '../submission.js';

/** `workflow.kyc.particular.data`: the particulars complete the node. */
export function submitParticulars(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.particular.data'>,
): Answer {
  return submit(
    ctx,
    'workflow.kyc.particular.data',
    input,
    input.callbackKey,
    (execution, _node, now) => ({
      execution: completeNode(execution, now),
      data: accepted(input),
    }),
  );
}

/**
 * `workflow.kyc.liveness.data`: the result completes the node either way; a `FAIL` turns
 * an approval at the end into a rejection (reason `liveness`), as a vendor's rules would.
 */
export function submitLiveness(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.liveness.data'>,
): Answer {
  return submit(
    ctx,
    'workflow.kyc.liveness.data',
    input,
    input.callbackKey,
    (execution, _node, now) => ({
      execution: completeNode(
        input.status === 'FAIL' ? { ...execution, livenessFailed: true } : execution,
        now,
      ),
      data: accepted(input),
    }),
  );
}
