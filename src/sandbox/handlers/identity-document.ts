import type { MethodInput } from '../../services/wire/methods.js';
import type { OcrResult } from '../../services/wire/records.js';
import { type Answer, ok, refuse } from '../answer.js';
import type { EngineContext } from '../engine-context.js';
import { type Execution, startProcessing } from '../execution.js';
import { unitFor } from '../random.js';
import { notFound, readExecution, submit } from '../submission.js';

const OCR_SALT = 11;

/** What the OCR "reads": the guide's John Smith, with a document number from the seed. */
function extracted(execution: Execution, input: MethodInput<'workflow.kyc.ocr'>): OcrResult {
  const number = Math.floor(unitFor(execution.seed, execution.arms, OCR_SALT) * 1e7);
  return {
    documentType: input.documentType,
    documentNumber: `${input.region.slice(0, 1).toUpperCase()}${String(number).padStart(7, '0')}`,
    name: 'JOHN SMITH',
    dateOfBirth: '1990-01-15',
    nationality: input.region.toUpperCase(),
    sex: 'MALE',
    expiryDate: '2031-01-14',
  };
}

/**
 * `workflow.kyc.ocr`: the node takes the document and works on it for 5–15 s (÷ speed).
 * While a scenario has OCR failures left, the job fails and the node is re-armed under a
 * new callbackKey for the retake.
 */
export function submitIdentityDocument(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.ocr'>,
): Answer {
  return submit(ctx, 'workflow.kyc.ocr', input, input.callbackKey, (execution, node, now) => {
    const accepted = node.config?.acceptedDocumentTypes;
    if (accepted && !accepted.includes(input.documentType)) {
      return refuse(
        'API_INVALID_REQUEST',
        `documentType: not accepted by this node (expected one of ${accepted.join(', ')})`,
      );
    }
    const readyAt = now + execution.timing.duration('ocr', execution.seed, execution.arms);
    const failed = execution.ocrFailuresLeft > 0;
    ctx.store.ocrJobs.set(input.callbackKey, {
      executionId: execution.executionId,
      readyAt,
      failed,
      result: extracted(execution, input),
    });
    const next = failed
      ? { ...execution, ocrFailuresLeft: execution.ocrFailuresLeft - 1 }
      : execution;
    return {
      execution: startProcessing(next, readyAt, failed ? 'rearm' : 'complete'),
      data: { requestId: ctx.random.uuid() },
    };
  });
}

/** `workflow.kyc.ocr.data`: PROCESSING until the job's time is up, then its result. */
export function getOcrResult(
  ctx: EngineContext,
  input: MethodInput<'workflow.kyc.ocr.data'>,
): Answer {
  if (!readExecution(ctx, input.executionId)) return notFound();
  const job = ctx.store.ocrJobs.get(input.callbackKey);
  if (job?.executionId !== input.executionId) {
    return refuse('NODE_NOT_WAITING', 'callbackKey: no identity document was submitted under it');
  }
  if (ctx.now() < job.readyAt) return ok({ status: 'PROCESSING' });
  return ok(
    job.failed
      ? {
          status: 'FAILED',
          result: null,
          reason: 'the document could not be read (glare or blur); take the photo again',
        }
      : { status: 'SUCCESS', result: job.result },
  );
}
