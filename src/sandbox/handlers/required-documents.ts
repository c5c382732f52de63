import type { MethodInput } from '../../services/wire/methods.js';
import type { DocumentType } from '../../services/wire/vocabulary.js';
import { type Answer, refuse } from '../answer.js';
import type { EngineContext } from '../engine-context.js';
import { type ArmedNode, completeNode } from '../execution.js';
import { accepted, submit } from '../submission.js';

const requiredOf = (node: ArmedNode): readonly DocumentType[] =>
  (node.config?.requiredDocuments ?? []).filter((doc) => doc.isRequired).map((doc) => doc.docType);

const missingOf = (node: ArmedNode, added: ReadonlySet<DocumentType>): DocumentType[] =>
  requiredOf(node).filter((docType) => !added.has(docType));

/** `workflow.kyc.required.doc`: one document, once per docType; the node keeps waiting. */
export function addRequiredDocument(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.required.doc'>,
): Answer {
  const key = `${input.callbackKey}#${input.docType}`;
  return submit(ctx, 'workflow.kyc.required.doc', input, key, (execution, node) => {
    const listed = node.config?.requiredDocuments?.map((doc) => doc.docType);
    if (listed && !listed.includes(input.docType)) {
      return refuse(
        'API_INVALID_REQUEST',
        `docType: not asked for by this node (expected one of ${listed.join(', ')})`,
      );
    }
    const added = ctx.store.documents.get(input.callbackKey) ?? new Set<DocumentType>();
    added.add(input.docType);
    ctx.store.documents.set(input.callbackKey, added);
    return {
      execution,
      data: accepted(input, { docType: input.docType, missing: missingOf(node, added) }),
    };
  });
}

/** `workflow.kyc.required.doc.submit`: advances only once every required document is in. */
export function submitRequiredDocuments(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.required.doc.submit'>,
): Answer {
  return submit(
    ctx,
    'workflow.kyc.required.doc.submit',
    input,
    input.callbackKey,
    (execution, node, now) => {
      const missing = missingOf(node, ctx.store.documents.get(input.callbackKey) ?? new Set());
      if (missing.length > 0) {
        return refuse(
          'REQUIRED_DOCUMENTS_MISSING',
          `required documents not yet added: ${missing.join(', ')} (call workflow.kyc.required.doc)`,
        );
      }
      return { execution: completeNode(execution, now), data: accepted(input) };
    },
  );
}
